package dev.gradus.nn.objective;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.tensor.Reductions;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;

/**
 * DRM's online steering of {@link DomainSpecificHeads} on an unlabelled test stream (the reference's
 * {@code DRM} / {@code DRMFull} test-time algorithms, label mode {@code 'drm'}). For each test batch, per pass:
 * <ol>
 *   <li>every head's softmax {@code p_k} and the combination {@code p = Σ_k w_k p_k} of
 *       {@link EntropyWeighting} (this is the batch's prediction, made before the update);</li>
 *   <li>pseudo-labels {@code ŷ_i = argmax_c p_{i,c}} on the confident rows {@code C = {i : max_c p_{i,c} ≥ β}};</li>
 *   <li>one optimizer step on the steering loss of <b>every</b> head against the pseudo-labels,
 *   <pre>
 *     S(θ) = Σ_k (1/|C|) Σ_{i ∈ C} ℓ(z_k(x_i), ŷ_i)        (ℓ the softmax cross-entropy, ŷ constant),
 *   </pre>
 *   on the heads only ({@code DRM}) or on every parameter ({@code DRMFull}); nothing when {@code C} is empty.</li>
 * </ol>
 * The optimizer and its state persist over the stream (the model is not reset between batches). The reference
 * uses Adam with {@code lr = α · lr_train}; pass that optimizer. The model is changed in place: steer a copy
 * when the trained model is needed again.
 *
 * <p>Deviation from the reference code: it thresholds {@code max softmax(p)}, the softmax of a probability
 * vector, whose maximum is at most {@code e / (e + C − 1)} for {@code C} classes; here the threshold β applies
 * to the combined probability itself, so β keeps its meaning as a confidence.
 *
 * <pre>{@code
 * OnlineSteering s = new OnlineSteering(drm, EntropyWeighting.of(1), Optimizers.adam().lr(1e-3), 0.8, true);
 * for (Tensor batch : stream) {
 *     Tensor p = s.adapt(batch);                           // [n, classes], predicted before the step
 * }
 * }</pre>
 */
public final class OnlineSteering {

    private final DomainSpecificHeads model;
    private final EntropyWeighting weighting;
    private final GradientTransformation optimizer;
    private final double threshold;
    private final TensorMap steered;
    private final OptState state;
    private int passes = 1;
    private long pseudoLabelled;
    private long seen;

    /**
     * @param model the model to steer (changed in place)
     * @param weighting how the heads are combined into the prediction and the pseudo-labels
     * @param optimizer the optimizer of the steering steps
     * @param threshold the confidence β in {@code [0, 1]} a row needs to be pseudo-labelled
     * @param headsOnly steer the heads only (DRM) or every parameter (DRMFull)
     */
    public OnlineSteering(DomainSpecificHeads model, EntropyWeighting weighting, GradientTransformation optimizer,
                          double threshold, boolean headsOnly) {
        if (model == null || weighting == null || optimizer == null) {
            throw new IllegalArgumentException("OnlineSteering: model, weighting and optimizer must be given");
        }
        if (!(threshold >= 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("OnlineSteering: the confidence threshold must be in [0, 1], got "
                    + threshold);
        }
        this.model = model;
        this.weighting = weighting;
        this.optimizer = optimizer;
        this.threshold = threshold;
        this.steered = headsOnly ? model.headParameters() : model.namedParameters();
        this.state = optimizer.init(steered);
    }

    /** The number of passes (forward, pseudo-label, step) per test batch, at least 1 (default 1). */
    public OnlineSteering passes(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("OnlineSteering: passes must be >= 1, got " + value);
        }
        this.passes = value;
        return this;
    }

    /** The combined prediction {@code [n, classes]} on {@code x}, without steering. */
    public Tensor predict(Tensor x) {
        return weighting.combine(probabilities(model.forward(Var.constant(x)).value()));
    }

    /** Predicts {@code x} and steers the model on it; the prediction of the last pass, made before its step. */
    public Tensor adapt(Tensor x) {
        Tensor combined = null;
        for (int pass = 0; pass < passes; pass++) {
            Var logits = model.forward(Var.constant(x));
            combined = weighting.combine(probabilities(logits.value()));
            int n = combined.dim(0);
            int c = combined.dim(1);
            double[] p = combined.data();
            int[] rows = new int[n];
            int[] labels = new int[n];
            int m = 0;
            int[] argmax = Reductions.argmax(combined, 1);
            for (int i = 0; i < n; i++) {
                int best = argmax[i];
                if (p[i * c + best] >= threshold) {
                    rows[m] = i;
                    labels[m++] = best;
                }
            }
            if (pass == passes - 1) {
                seen += n;
                pseudoLabelled += m;
            }
            if (m == 0) {
                continue;
            }
            TensorMap all = model.gradients(loss(logits, Arrays.copyOf(rows, m),
                    Arrays.copyOf(labels, m)));
            TensorMap grads = new TensorMap();
            for (String name : steered.names()) {
                grads.put(name, all.get(name));
            }
            optimizer.step(steered, grads, state, StepContext.none());
        }
        return combined;
    }

    /** The fraction of the test rows seen so far that were pseudo-labelled (last pass of each batch). */
    public double pseudoLabelledFraction() {
        return seen == 0 ? 0.0 : pseudoLabelled / (double) seen;
    }

    /**
     * The steering loss {@code S} from the stacked logits {@code [heads, n, classes]}: the sum over heads of the
     * mean cross-entropy of the given rows against their pseudo-labels.
     */
    public static Var loss(Var stackedLogits, int[] rows, int[] pseudoLabels) {
        if (stackedLogits.rank() != 3) {
            throw new IllegalArgumentException("OnlineSteering: stacked logits must be [heads, n, classes], got "
                    + "rank " + stackedLogits.rank());
        }
        if (rows.length == 0 || rows.length != pseudoLabels.length) {
            throw new IllegalArgumentException("OnlineSteering: " + rows.length + " rows with " + pseudoLabels.length
                    + " pseudo-labels; they must agree and be at least one");
        }
        int heads = stackedLogits.dim(0);
        int n = stackedLogits.dim(1);
        int c = stackedLogits.dim(2);
        for (int r : rows) {
            if (r < 0 || r >= n) {
                throw new IllegalArgumentException("OnlineSteering: row " + r + " of a batch of " + n);
            }
        }
        Var total = Var.scalar(0.0);
        for (int k = 0; k < heads; k++) {
            Var z = stackedLogits.narrow(0, k, 1).reshape(n, c).indexSelect(rows);
            total = total.add(Losses.softmaxCrossEntropy(z, pseudoLabels));
        }
        return total;
    }

    /** The softmax over the last axis of stacked logits {@code [heads, n, classes]}. */
    public static Tensor probabilities(Tensor stackedLogits) {
        int[] s = stackedLogits.shape();
        if (s.length != 3) {
            throw new IllegalArgumentException("OnlineSteering: stacked logits must be [heads, n, classes], got rank "
                    + s.length);
        }
        int rows = s[0] * s[1];
        int c = s[2];
        double[] z = stackedLogits.data();
        double[] out = new double[z.length];
        for (int r = 0; r < rows; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                max = Math.max(max, z[r * c + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < c; j++) {
                double e = Math.exp(z[r * c + j] - max);
                out[r * c + j] = e;
                sum += e;
            }
            for (int j = 0; j < c; j++) {
                out[r * c + j] /= sum;
            }
        }
        return Tensor.of(out, s.clone());
    }
}
