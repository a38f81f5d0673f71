package dev.gradus.cli;

import dev.gradus.lab.ExperimentRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code gradus lab run ID... [--preset quick|full] [--seed S] [--out DIR]}: runs the named experiments. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the named experiments (all of them when no id is given) and write the report.",
            "Exit status: 0 when every experiment ran (whatever its verdict), 1 when one failed with an error, "
                + "2 on a bad argument such as an unknown id."})
public final class LabRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @ParentCommand
    LabCommand parent;

    @Parameters(paramLabel = "ID", arity = "0..*", description = "Experiment ids, as `gradus lab list` shows them.")
    List<String> ids = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        inheritOptions();
        return LabCommand.run(spec, options, ids.isEmpty() ? ExperimentRegistry.all() : ExperimentRegistry.select(ids));
    }

    /**
     * Takes the options written before {@code run} ({@code gradus lab --seed 3 run ID}), which picocli gives to
     * {@code lab}; the same option on both sides is refused rather than one of them silently ignored.
     */
    private void inheritOptions() {
        ParseResult before = spec.parent().commandLine().getParseResult();
        ParseResult after = spec.commandLine().getParseResult();
        for (String name : new String[] {"--preset", "--seed", "--out"}) {
            if (before != null && before.hasMatchedOption(name)) {
                if (after.hasMatchedOption(name)) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "gradus lab: " + name
                            + " is given both before and after 'run'; give it once");
                }
            }
        }
        if (before != null) {
            if (before.hasMatchedOption("--preset")) {
                options.preset = parent.options.preset;
            }
            if (before.hasMatchedOption("--seed")) {
                options.seed = parent.options.seed;
            }
            if (before.hasMatchedOption("--out")) {
                options.out = parent.options.out;
            }
        }
    }
}
