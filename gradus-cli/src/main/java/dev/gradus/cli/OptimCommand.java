package dev.gradus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gradus optim}: the optimizer registry and gradient replay. */
@Command(name = "optim", mixinStandardHelpOptions = true,
        description = "Optimizers: list them with their hyperparameters, replay recorded gradients.",
        subcommands = {OptimListCommand.class, OptimReplayCommand.class})
public final class OptimCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
