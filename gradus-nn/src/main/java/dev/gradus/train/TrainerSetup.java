package dev.gradus.train;

import dev.gradus.data.Dataset;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import java.util.Map;

/**
 * What a {@link TrainingJob} lets a family change in its trainer beyond the job's spec, such as the private step and
 * Poisson sampler of {@code gradus train --privacy}: the family configures the builder once the model, loss and data
 * are known, and adds its results to {@code summary.json}.
 */
public interface TrainerSetup {
    /** No change. */
    TrainerSetup NONE = new TrainerSetup() {
        @Override
        public void configure(Trainer.Builder builder, Module model, Loss loss, Dataset train, int batchSize, int epochs) {}

        @Override
        public String describe() {
            return "";
        }
    };

    /**
     * Changes {@code builder}, which already holds {@code model}, {@code loss}, the data, {@code batchSize} and
     * {@code epochs}.
     *
     * @throws IllegalArgumentException when the model or the settings do not fit this setup
     */
    void configure(Trainer.Builder builder, Module model, Loss loss, Dataset train, int batchSize, int epochs);

    /** Values for {@code summary.json} after training, under the key {@link #summaryKey()}; none by default. */
    default Map<String, Object> summary(Trainer trainer) {
        return Map.of();
    }

    /** The key of {@link #summary} in {@code summary.json}. */
    default String summaryKey() {
        return "setup";
    }

    /** The settings, recorded in the checkpoint's identity so that a resume with other settings is refused; empty for none. */
    String describe();
}
