package dev.gradus.cli.lab;

import dev.gradus.lab.ExperimentRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gradus lab [OPTIONS] run ID... [OPTIONS]}: runs the named experiments. The options (preset, seed, seeds,
 * report directory) may come before or after {@code run}; the same option on both sides with different values is
 * refused.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the named experiments (all of them when no id is given) and write the report.",
            "Exit status: 0 when every experiment ran (whatever its verdict), 1 when one failed with an error, "
                + "2 on a bad argument such as an unknown id."})
public final class LabRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Experiment ids, as `gradus lab list` shows them.")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        LabCommand parent = (LabCommand) spec.parent().userObject();
        LabOptions effective = LabOptions.merge(parent.options(), spec.parent().commandLine().getParseResult(),
                options, spec.commandLine().getParseResult());
        return LabCommand.run(spec, effective, ids.isEmpty() ? ExperimentRegistry.all() : ExperimentRegistry.select(ids));
    }
}
