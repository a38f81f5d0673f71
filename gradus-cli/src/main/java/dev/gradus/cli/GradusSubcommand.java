package dev.gradus.cli;

/**
 * A top-level {@code gradus} command added by a family of Gradus (such as {@code gradus privacy} or
 * {@code gradus minimize}), found by {@link java.util.ServiceLoader}: a picocli {@code @Command} class that
 * implements this interface, has a public no-argument constructor, and is listed in
 * {@code META-INF/services/dev.gradus.cli.GradusSubcommand}. {@link GradusCommand} adds them after its own
 * commands, in the order of their names, so no list of commands is edited by hand.
 */
public interface GradusSubcommand {
}
