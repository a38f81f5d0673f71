package dev.gradus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code gradus bench}: quick throughput measurements ({@code mlp}, {@code optim}); the JMH suites live in gradus-bench
 * and run through the launcher ({@code ./gradus bench jmh}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure throughput on this machine: a training step of an MLP (bench mlp) or an optimizer"
                + " update (bench optim).",
            "The JMH suites of gradus-bench run through the launcher: ./gradus bench jmh [JMH options], e.g."
                + " ./gradus bench jmh Dgemm -f 1.",
            "Timings are only meaningful on an otherwise idle machine."},
        subcommands = {BenchMlpCommand.class, BenchOptimCommand.class})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Without a subcommand there is nothing to do: the usage goes to stderr and the status is 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("gradus %s: a subcommand is required".formatted(spec.name()));
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
