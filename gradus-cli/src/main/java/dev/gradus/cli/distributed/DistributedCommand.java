package dev.gradus.cli.distributed;

import dev.gradus.cli.GradusSubcommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code gradus distributed}: data-parallel training ({@code gradus distributed train}). */
@Command(name = "distributed", mixinStandardHelpOptions = true,
        description = {"Data-parallel training on an in-process engine: N workers on shards of the data, gradient"
                + " compression, Byzantine-robust aggregation and attacks (gradus distributed train).",
            "The components and their hyperparameters: gradus optim list --family compressor"
                + " (or aggregator, attack)."},
        subcommands = {CommandLine.HelpCommand.class, DistributedTrainCommand.class, DistributedBenchCommand.class})
public final class DistributedCommand implements Runnable, GradusSubcommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command ServiceLoader creates. */
    public DistributedCommand() {}

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
