package dev.gradus.privacy;

import dev.gradus.data.Dataset;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.nn.PerSampleGradients;
import dev.gradus.train.Trainer;

/**
 * The one-liner that makes a training run private, like Opacus' {@code make_private} /
 * {@code make_private_with_epsilon}:
 *
 * <pre>{@code
 * Trainer.Builder b = Trainer.builder().optimizer("sgd(lr=0.5)").data(train, validation).seed(7)
 *         .checkpoint(Path.of("runs/dp"), 0);
 * PrivatePlan plan = PrivacyEngine.makePrivate(b, model, new CrossEntropyLoss(), train, 64, 5,
 *         DpSgd.parse("dp_sgd(target_epsilon=3, delta=1e-5, max_grad_norm=1.0)"));
 * Trainer trainer = b.build();
 * trainer.fit();                                       // stops before the budget would be exceeded
 * double eps = trainer.history().last().extras().get("epsilon");
 * }</pre>
 *
 * It checks the model's layers before anything runs (Opacus' {@code ModuleValidator}: a training-mode BatchNorm is
 * refused, naming the layer and what to use instead), then sets the model, loss, epochs, the Poisson sampler and
 * the private step on the builder.
 */
public final class PrivacyEngine {
    private PrivacyEngine() {}

    /**
     * Makes {@code builder} train {@code model} under {@code privacy} on {@code train} in expected batches of
     * {@code batchSize} for {@code epochs} epochs; returns the plan (the calibrated σ, the sampling rate).
     *
     * @throws IllegalArgumentException for a layer without valid per-example gradients, or settings that cannot be met
     */
    public static PrivatePlan makePrivate(Trainer.Builder builder, Module model, Loss loss, Dataset train, int batchSize,
                                          int epochs, PrivacySpec privacy) {
        PerSampleGradients.of(model, loss).requireSupported();
        PrivatePlan plan = privacy.plan(train.size(), batchSize, epochs);
        builder.model(model).loss(loss).epochs(epochs).sampler(plan.sampler()).step(plan.step());
        return plan;
    }
}
