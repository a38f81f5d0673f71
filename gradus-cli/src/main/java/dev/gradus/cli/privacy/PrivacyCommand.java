package dev.gradus.cli.privacy;

import dev.gradus.cli.GradusSubcommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code gradus privacy}: {@code epsilon}, {@code noise} and {@code audit}. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Differential privacy accounting: the epsilon of DP-SGD (gradus privacy epsilon) and the noise"
                + " multiplier for a target epsilon (gradus privacy noise), and a one-run empirical audit (gradus privacy"
                + " audit). Train privately with gradus train --privacy.",
        subcommands = {CommandLine.HelpCommand.class, PrivacyEpsilonCommand.class, PrivacyNoiseCommand.class,
            PrivacyAuditCommand.class})
public final class PrivacyCommand implements Runnable, GradusSubcommand {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command ServiceLoader creates. */
    public PrivacyCommand() {}

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
