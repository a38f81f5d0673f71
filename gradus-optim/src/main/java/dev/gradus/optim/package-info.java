/**
 * Composable gradient transformations and optimizers.
 *
 * <p>A {@link dev.gradus.optim.GradientTransformation} turns gradients into updates and keeps all of its
 * state in an {@link dev.gradus.optim.OptState} record created eagerly by {@code init} and keyed by
 * parameter name. Hyperparameters are {@link dev.gradus.optim.Schedule}s of the step counter.
 */
package dev.gradus.optim;
