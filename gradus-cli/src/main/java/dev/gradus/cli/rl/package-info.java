/** {@code gradus rl}: training and evaluating reinforcement-learning policies (gradus-rl). */
package dev.gradus.cli.rl;
