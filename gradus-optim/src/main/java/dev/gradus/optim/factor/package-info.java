/**
 * Methods for factorised problems {@code M = F Gᵀ}: operations on the factors that the loss cannot see, such as
 * the re-balancing step of over-parameterised matrix sensing.
 */
package dev.gradus.optim.factor;
