/**
 * {@code gradus lab}: runs the lab's experiments (gradus-lab) and writes the report; {@code lab list} and
 * {@code lab run ID...} are its subcommands.
 */
package dev.gradus.cli.lab;
