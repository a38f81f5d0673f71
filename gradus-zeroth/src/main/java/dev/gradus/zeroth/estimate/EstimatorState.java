package dev.gradus.zeroth.estimate;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;

/**
 * The state of a gradient estimate: only its step count, which schedules on its hyperparameters read. Its directions
 * come from the step's random stream, which the caller derives from the step, so a resumed run draws the same ones.
 *
 * @param count estimates made so far
 */
public record EstimatorState(Counter count) implements Counted {}
