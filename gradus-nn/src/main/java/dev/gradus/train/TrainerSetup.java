package dev.gradus.train;

import dev.gradus.data.Dataset;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import java.util.Map;

/**
 * What a {@link TrainingJob} lets a family change in its trainer beyond the job's spec, such as the private step and
 * Poisson sampler of {@code gradus train --privacy} or the data-parallel step of {@code gradus distributed train}:
 * the family configures the builder once the model, loss and data are known, and may add its results to
 * {@code summary.json}.
 */
@FunctionalInterface
public interface TrainerSetup {
    /** No change. */
    TrainerSetup NONE = (builder, job) -> { };

    /**
     * What the job has built when the setup runs.
     *
     * @param modelSpec the model's spec, from which a family can build replicas
     * @param model the model the trainer trains
     * @param loss the job's loss
     * @param train the standardised training split
     * @param outputs the number of model outputs
     * @param seed the job's seed
     * @param batchSize the job's batch size
     * @param epochs the job's epoch count
     */
    record Job(ModelSpec modelSpec, Module model, Loss loss, Dataset train, int outputs, long seed, int batchSize,
            int epochs) {}

    /**
     * Changes {@code builder}, which already holds the job's model, loss, data, batch size and epochs.
     *
     * @throws IllegalArgumentException when the model or the settings do not fit this setup
     */
    void configure(Trainer.Builder builder, Job job);

    /** Values for {@code summary.json} after training, under the key {@link #summaryKey()}; none by default. */
    default Map<String, Object> summary(Trainer trainer) {
        return Map.of();
    }

    /** The key of {@link #summary} and {@link #describe} in {@code summary.json} and the checkpoint's identity. */
    default String summaryKey() {
        return "setup";
    }

    /**
     * The settings, recorded in the checkpoint's identity so that a resume with other settings is refused; empty
     * (the default) when the setup records its settings itself through {@link Trainer.Builder#describe}.
     */
    default String describe() {
        return "";
    }
}
