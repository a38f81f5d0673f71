package dev.gradus.cli.lab;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentRegistry;
import dev.gradus.lab.Preset;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gradus lab list}: every experiment on the class path with its paper, link, claim, seeds and claims. It
 * runs nothing, so the run options given before {@code list} are refused rather than ignored.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the experiments: id, paper, link, claim, seeds and the claims each one decides.")
public final class LabListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<String> given = LabOptions.given(spec.parent().commandLine().getParseResult());
        if (!given.isEmpty()) {
            throw new IllegalArgumentException("'lab list' runs nothing, so " + String.join(", ", given)
                    + (given.size() == 1 ? " does" : " do") + " not apply; use them with 'gradus lab run'");
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Experiment e : ExperimentRegistry.all()) {
            out.println(e.id());
            out.println("  paper: " + e.paper() + " (" + e.reference() + ")" + (e.link().isBlank() ? ""
                    : " " + e.link()));
            out.println("  claim: " + e.claim());
            out.println("  seeds: " + e.seeding().describe());
            for (Claim c : e.claims(Preset.QUICK)) {
                out.println("  - " + c.id() + ": " + c.statement());
            }
        }
        out.flush();
        return 0;
    }
}
