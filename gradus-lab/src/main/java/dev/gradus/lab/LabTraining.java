package dev.gradus.lab;

import dev.gradus.train.EpochMetrics;
import dev.gradus.train.Progress;
import dev.gradus.train.Trainer;
import java.util.Locale;

/**
 * Model training inside an experiment goes through the library's {@link Trainer}, so a trial gets the same
 * engine as {@code gradus train}: samplers, the non-finite guard (a diverged run stops with a
 * {@link dev.gradus.train.NonFiniteException} naming the step and parameter, which the runner records as that seed's
 * crash, or which the trial catches and turns into {@link Trial#skip}), checkpoints that resume bit for bit when
 * the experiment configures {@link Trainer.Builder#checkpoint}, and progress on the lab's console.
 *
 * <pre>{@code
 * Trainer trainer = LabTraining.trainer(trial, "real labels")
 *         .model(mlp).loss(new CrossEntropyLoss()).optimizer("sgd(lr=0.01)")
 *         .data(train, null).epochs(100).batchSize(train.size())
 *         .build();
 * TrainingHistory h = trainer.fit();
 * }</pre>
 */
public final class LabTraining {
    private LabTraining() {}

    /**
     * A trainer builder whose data-order seed comes from the trial's {@code "trainer:" + label} stream and whose
     * progress goes to the trial's progress line.
     */
    public static Trainer.Builder trainer(Trial trial, String label) {
        return Trainer.builder().seed(trial.random("trainer:" + label).nextLong()).progress(progress(trial, label));
    }

    /** The trainer's progress as the trial's: one message per epoch, with the fraction of epochs done. */
    public static Progress progress(Trial trial, String label) {
        return new Progress() {
            @Override
            public void epochBegin(int epoch, int epochs, int firstBatch, int batches) {}

            @Override
            public void batchEnd(int batch, double meanLoss, double meanAccuracy) {}

            @Override
            public void epochEnd(EpochMetrics m, int epochs) {
                trial.progress(String.format(Locale.ROOT, "%s: epoch %d/%d, loss %.4g", label, m.epoch(), epochs,
                        m.trainLoss()), m.epoch() / (double) epochs);
            }

            @Override
            public void message(String text) {
                trial.progress(label + ": " + text);
            }
        };
    }
}
