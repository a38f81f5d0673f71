package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Batch normalisation over the batch (Ioffe and Szegedy 2015), with PyTorch's {@code BatchNorm1d}
 * semantics, for inputs {@code [N, C]} or {@code [N, C, L]}.
 *
 * <p>Training mode normalises each channel with the batch mean and the <em>biased</em> batch variance,
 * and updates the running statistics with the <em>unbiased</em> variance:
 * <pre>
 *   y            = (x - mean_B) / sqrt(var_B + eps) * weight + bias
 *   running_mean = (1 - momentum) * running_mean + momentum * mean_B
 *   running_var  = (1 - momentum) * running_var  + momentum * var_B * n / (n - 1)
 *   num_batches_tracked += 1
 * </pre>
 * where {@code n} is the number of values per channel ({@code N} or {@code N*L}). Evaluation mode
 * normalises with the running statistics instead. Defaults: {@code eps = 1e-5}, {@code momentum = 0.1},
 * affine weight (ones) and bias (zeros). Buffers: {@code running_mean} (zeros), {@code running_var}
 * (ones) and {@code num_batches_tracked}, as in PyTorch's state dict.
 *
 * <p>The running statistics are updated outside the autodiff graph; gradients flow through the batch
 * statistics, as in PyTorch.
 */
public final class BatchNorm1d extends Module {
    private final int features;
    private final double eps;
    private final double momentum;
    private final Parameter weight;
    private final Parameter bias;
    private final Tensor runningMean;
    private final Tensor runningVar;
    private final Tensor numBatchesTracked;

    /** {@code features} channels, eps 1e-5, momentum 0.1, affine. */
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1, true);
    }

    /** {@code features} channels with the given eps, momentum and affine switch. */
    public BatchNorm1d(int features, double eps, double momentum, boolean affine) {
        if (features <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm1d: need features > 0, eps > 0, momentum in [0, 1]; got "
                    + features + ", " + eps + ", " + momentum);
        }
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = affine ? addParameter("weight", Tensor.ones(features)) : null;
        this.bias = affine ? addParameter("bias", Tensor.zeros(features)) : null;
        this.runningMean = addBuffer("running_mean", Tensor.zeros(features));
        this.runningVar = addBuffer("running_var", Tensor.ones(features));
        this.numBatchesTracked = addBuffer("num_batches_tracked", Tensor.scalar(0));
    }

    /** The live running mean {@code [C]}. */
    public Tensor runningMean() {
        return runningMean;
    }

    /** The live running (unbiased) variance {@code [C]}. */
    public Tensor runningVar() {
        return runningVar;
    }

    /** The number of training batches seen. */
    public long numBatchesTracked() {
        return (long) numBatchesTracked.item();
    }

    /** The scale {@code [C]}, or null when not affine. */
    public Parameter weight() {
        return weight;
    }

    /** The shift {@code [C]}, or null when not affine. */
    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var input) {
        int[] s = input.shape();
        if ((s.length != 2 && s.length != 3) || s[1] != features) {
            throw new IllegalArgumentException("BatchNorm1d(" + features + "): expected input [N, " + features
                    + "] or [N, " + features + ", L], got " + Arrays.toString(s));
        }
        // Channel statistics broadcast against the input: [C] for [N, C], [C, 1] for [N, C, L].
        int[] statShape = s.length == 2 ? new int[] {features} : new int[] {features, 1};
        Var y;
        if (isTraining()) {
            long n = s.length == 2 ? s[0] : (long) s[0] * s[2];
            if (n <= 1) {
                throw new IllegalArgumentException("BatchNorm1d: expected more than 1 value per channel when training, got input "
                        + Arrays.toString(s));
            }
            Var mean = channelMean(input, s.length);
            Var centered = input.sub(mean);
            Var var = channelMean(centered.square(), s.length);
            y = centered.mul(var.add(eps).pow(-0.5));
            updateRunningStats(mean.value(), var.value(), n);
        } else {
            Tensor mean = runningMean.reshape(statShape);
            Tensor invStd = runningVar.add(eps).pow(-0.5).reshape(statShape);
            y = input.sub(Var.constant(mean)).mul(Var.constant(invStd));
        }
        if (weight != null) {
            y = y.mul(weight.node().reshape(statShape)).add(bias.node().reshape(statShape));
        }
        return y;
    }

    /** The per-channel mean, keeping dimensions so that it broadcasts against the input. */
    private static Var channelMean(Var x, int rank) {
        Var m = x.mean(0, false);
        return rank == 2 ? m : m.mean(1, true);
    }

    private void updateRunningStats(Tensor batchMean, Tensor batchVar, long n) {
        double[] bm = batchMean.data();
        double[] bv = batchVar.data();
        double[] rm = runningMean.data();
        double[] rv = runningVar.data();
        double unbias = (double) n / (n - 1);
        for (int c = 0; c < features; c++) {
            rm[c] = (1 - momentum) * rm[c] + momentum * bm[c];
            rv[c] = (1 - momentum) * rv[c] + momentum * bv[c] * unbias;
        }
        numBatchesTracked.data()[0] += 1;
        runningMean.markModified();
        runningVar.markModified();
        numBatchesTracked.markModified();
    }

    @Override
    protected String extraRepr() {
        return features + ", eps=" + pythonRepr(eps) + ", momentum=" + pythonRepr(momentum) + ", affine=" + pythonBool(weight != null)
                + ", track_running_stats=True";
    }
}
