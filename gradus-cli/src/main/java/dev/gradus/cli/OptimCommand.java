package dev.gradus.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code gradus optim}: the optimizer registry and gradient replay. */
@Command(name = "optim", mixinStandardHelpOptions = true,
        description = "Optimizers: list them with their hyperparameters, replay recorded gradients.",
        subcommands = {OptimListCommand.class, OptimReplayCommand.class})
public final class OptimCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand there is nothing to do: the usage goes to stderr and the status is 2. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("gradus %s: a subcommand is required".formatted(spec.name()));
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
