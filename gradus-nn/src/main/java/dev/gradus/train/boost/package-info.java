/**
 * Gradient-boosted sequential training of a one-hidden-layer network (Emami and Martínez-Muñoz, "Sequential
 * Training of Neural Networks with Gradient Boosting", 2023): {@link dev.gradus.train.boost.GradientBoosting}
 * fits a few hidden units at a time to the current pseudo-residuals and merges them into one
 * {@link dev.gradus.train.boost.BoostedNetwork}, whose last-trained units can be switched off at prediction time.
 */
package dev.gradus.train.boost;
