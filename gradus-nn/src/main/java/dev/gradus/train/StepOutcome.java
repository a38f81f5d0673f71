package dev.gradus.train;

import dev.gradus.tensor.Tensor;

/**
 * What one {@link TrainStep} reports to the trainer for the epoch's running metrics.
 *
 * @param loss the batch loss at the parameters before the update (the mean over its examples; 0 for an empty batch)
 * @param output the model's output on the batch, for accuracy; null when the step computed none
 * @param examples the number of examples the loss is a mean over
 */
public record StepOutcome(double loss, Tensor output, int examples) {}
