/** The {@code gradus} command line, built on picocli: one class per subcommand. */
package dev.gradus.cli;
