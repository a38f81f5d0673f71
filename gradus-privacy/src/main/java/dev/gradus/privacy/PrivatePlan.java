package dev.gradus.privacy;

import dev.gradus.data.SamplerSpec;
import dev.gradus.train.TrainStep;

/**
 * What a {@link PrivacySpec} bound to a run gives the Trainer: its step and the sampler the accounting assumes.
 *
 * @param step the private step
 * @param sampler the sampler, Poisson at the step's sampling rate
 * @param noiseMultiplier σ, given or calibrated for the target ε
 * @param samplingRate q
 * @param delta the δ the ε is reported at
 * @param plannedSteps the steps the run will take if its budget allows
 */
public record PrivatePlan(TrainStep step, SamplerSpec sampler, double noiseMultiplier, double samplingRate,
                          double delta, long plannedSteps) {}
