/** The complete example of {@code gradus-lab/WRITING-EXPERIMENTS.md}, compiled and run by its test. */
package dev.gradus.lab.guide;
