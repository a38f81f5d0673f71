package dev.gradus.privacy;

import dev.gradus.train.EpochMetrics;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainerSetup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code gradus train --privacy SPEC}: a {@link dev.gradus.train.TrainingJob} made private by {@link PrivacyEngine#makePrivate}; its
 * {@code summary.json} gets a {@code privacy} object with the spec, the noise multiplier, the sampling rate, δ and
 * the final ε.
 *
 * @see dev.gradus.train.TrainingJob
 */
public final class PrivateTrainerSetup implements TrainerSetup {
    private final PrivacySpec privacy;
    private PrivatePlan plan;

    /** The setup for {@code privacy}. */
    public PrivateTrainerSetup(PrivacySpec privacy) {
        this.privacy = Objects.requireNonNull(privacy, "privacy");
    }

    /** The setup for a spec such as {@code dp_sgd(target_epsilon=3, delta=1e-5)}. */
    public static PrivateTrainerSetup parse(String spec) {
        return new PrivateTrainerSetup(PrivacySpec.PRIVACY.parse(spec));
    }

    @Override
    public void configure(Trainer.Builder builder, Job job) {
        plan = PrivacyEngine.makePrivate(builder, job.model(), job.loss(), job.train(), job.batchSize(), job.epochs(),
                privacy);
    }

    /** The plan made by {@link #configure}, or null before. */
    public PrivatePlan plan() {
        return plan;
    }

    @Override
    public Map<String, Object> summary(Trainer trainer) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("spec", privacy.toString());
        out.put("step", plan.step().describe());
        out.put("noise_multiplier", plan.noiseMultiplier());
        out.put("sampling_rate", plan.samplingRate());
        out.put("planned_steps", plan.plannedSteps());
        out.put("steps", trainer.step());
        out.put("delta", plan.delta());
        if (plan.step() instanceof DpSgdStep d) {
            out.put("accounting", d.sampling().assumption());
        }
        if (!trainer.history().isEmpty()) {
            EpochMetrics last = trainer.history().last();
            Double eps = last.extras().get("epsilon");
            if (eps != null) {
                out.put("epsilon", eps);
            }
        }
        return out;
    }

    @Override
    public String summaryKey() {
        return "privacy";
    }

    @Override
    public String describe() {
        return privacy.toString();
    }
}
