/**
 * Building blocks of optimizers, named as in optax: preconditioners ({@code scale_by_*}), additive
 * terms ({@code add_*}), clipping, momentum and the learning-rate scaling. Each is a
 * {@link dev.gradus.optim.Configurable} with a spec and a state record created eagerly by {@code init}.
 */
package dev.gradus.optim.transform;
