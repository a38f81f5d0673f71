package dev.gradus.cli.rl;

import dev.gradus.cli.GradusSubcommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gradus rl}: reinforcement learning, {@code train} and {@code eval}. */
@Command(name = "rl", mixinStandardHelpOptions = true,
        description = "Reinforcement learning: train a policy on an environment (gradus rl train) and run a saved one"
                + " (gradus rl eval).",
        subcommands = {CommandLine.HelpCommand.class, RlTrainCommand.class, RlEvalCommand.class})
public final class RlCommand implements Runnable, GradusSubcommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command ServiceLoader creates. */
    public RlCommand() {}

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
