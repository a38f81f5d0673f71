package dev.gradus.cli;

import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentRegistry;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gradus lab list}: the id, paper and claim of every experiment. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the experiments: id, paper and claim.")
public final class LabListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Experiment e : ExperimentRegistry.all()) {
            out.println(e.id());
            out.println("  paper: " + e.paper() + " (" + e.reference() + ")");
            out.println("  claim: " + e.claim());
        }
        out.flush();
        return 0;
    }
}
