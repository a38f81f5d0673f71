package dev.gradus.privacy;

import dev.gradus.optim.spec.SpecFamily;

/**
 * A private training method as a spec, such as {@code dp_sgd(target_epsilon=3, delta=1e-5, max_grad_norm=1.0)}: the
 * {@code privacy} family that {@code gradus train --privacy} and {@link PrivacyEngine} read.
 */
public interface PrivacySpec {
    /** The {@code privacy} family: {@code dp_sgd}. */
    SpecFamily<PrivacySpec> PRIVACY = SpecFamily.of("privacy", PrivacySpec.class);

    /**
     * This method bound to a run: the Trainer step and the sampler for {@code datasetSize} examples in expected
     * batches of {@code batchSize}, over {@code epochs} epochs.
     *
     * @throws IllegalArgumentException when the settings cannot be met (a budget too small for any noise)
     */
    PrivatePlan plan(int datasetSize, int batchSize, int epochs);
}
