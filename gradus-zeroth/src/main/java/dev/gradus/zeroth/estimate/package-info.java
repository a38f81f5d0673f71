/**
 * Zeroth-order gradient estimates as gradient transformations: they ask the step context for losses at perturbed
 * parameters ({@link dev.gradus.optim.Capability#LOSS}) with directions from the step's random stream
 * ({@link dev.gradus.optim.Capability#RANDOM}), and pass an estimate of the gradient down the chain, so that
 * {@code chain(zo_rank_gradient(m=10), adam(lr=1e-2))} trains with any optimizer and schedule, in the Trainer's
 * loss-only step or any loop that offers the loss at any point.
 */
package dev.gradus.zeroth.estimate;
