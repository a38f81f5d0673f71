package dev.gradus.cli.lab;

import dev.gradus.cli.GradusSubcommand;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentRegistry;
import dev.gradus.lab.LabReport;
import dev.gradus.lab.LabRunner;
import dev.gradus.tensor.io.DirectoryLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gradus lab}: runs every paper reproduction on the quick preset and writes the report to ./lab-report.
 * {@code gradus lab list} and {@code gradus lab run ID...} are its subcommands. The experiments are the ones
 * {@link ExperimentRegistry} finds on the class path.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Reproduce paper claims: run every experiment (quick preset by default) and write a report "
                + "with plots, numbers and a verdict per claim: DIR/index.html, DIR/results.json, DIR/<id>/*.png "
                + "and *.csv. Each claim is decided over several seeds against a negative control.",
            "Options may come before or after 'run'.",
            "Exit status: 0 when every experiment ran (whatever its verdict), 1 when one failed with an error."},
        subcommands = {LabListCommand.class, LabRunCommand.class})
public final class LabCommand implements Callable<Integer>, GradusSubcommand {
    @Spec
    CommandSpec spec;

    @Mixin
    LabOptions options;

    @Override
    public Integer call() throws IOException {
        return run(spec, options, ExperimentRegistry.all());
    }

    /** The options as given before a subcommand, with what the parser matched. */
    LabOptions options() {
        return options;
    }

    /** Runs the experiments with the options, shows progress, and returns the exit status. */
    static int run(CommandSpec spec, LabOptions options, List<Experiment> experiments) throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        LabReport report;
        try (DirectoryLock lock = DirectoryLock.acquire(options.out, "gradus lab --out " + options.out);
                LabConsole console = new LabConsole(out, LabConsole.interactive())) {
            report = LabRunner.to(options.out).preset(options.preset).seed(options.seed).seeds(options.seeds)
                    .listener(console).run(experiments);
            console.summary(report);
        }
        return report.failures() > 0 ? 1 : 0;
    }
}
