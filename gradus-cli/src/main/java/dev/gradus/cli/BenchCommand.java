package dev.gradus.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code gradus bench}: quick throughput measurements ({@code mlp}, {@code optim}); JMH suites live in gradus-bench. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure throughput on this machine: a training step of an MLP (bench mlp) or an optimizer"
                + " update (bench optim).",
            "Timings are only meaningful on an otherwise idle machine."},
        subcommands = {BenchMlpCommand.class, BenchOptimCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
