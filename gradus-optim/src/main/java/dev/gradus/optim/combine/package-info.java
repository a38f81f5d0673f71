/**
 * Transformations that combine or wrap others: {@code chain}, {@code masked}, {@code partition},
 * {@code inject_hyperparams}, {@code multi_steps}, {@code apply_if_finite} and {@code lookahead}.
 * Their state holds the states of what they wrap, addressable by path.
 */
package dev.gradus.optim.combine;
