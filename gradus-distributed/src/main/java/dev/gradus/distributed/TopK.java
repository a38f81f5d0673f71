package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.TrainStep;
import java.util.Arrays;

/**
 * {@code topk(density=0.01, error_feedback=true)}: gradient sparsification (Strom 2015; Aji and Heafield 2017).
 * Per tensor of {@code d} values, with {@code k = max(1, ceil(density * d))}:
 * <pre>
 *   p = g + e                       (e = 0 without error feedback)
 *   send the k entries of p of largest |p_i| (ties: lowest index)
 *   e = p - sent
 * </pre>
 * Each entry sent costs a value and an index (12 bytes). Selection is exact ({@link TopKSelection}).
 */
public final class TopK extends Configured<TopK> implements Compressor {

    /** Spec: {@code topk(density=0.01, error_feedback=true)}. */
    public static final Descriptor<TopK> SPEC = Descriptor.component("topk", "compressor", TopK::new)
            .summary("send the largest entries of each tensor, keep the rest as a residual")
            .reference("Aji & Heafield 2017, Sparse Communication for Distributed Gradient Descent; GRACE topk")
            .param(Param.number("density", 0.01, "fraction of each tensor's entries sent").range(Range.openClosed(0, 1)))
            .param(Param.flag("error_feedback", true, "add what was not sent to the next gradient"))
            .build();

    /** From validated settings. */
    public TopK(Hyperparams hp) {
        super(hp);
    }

    /** Top-k at {@code density}, with or without error feedback. */
    public static TopK of(double density, boolean errorFeedback) {
        return (TopK) SPEC.defaults().with("density", density).with("error_feedback", errorFeedback).create();
    }

    @Override
    public OptState init(TensorMap params) {
        return hp.flag("error_feedback") ? new Residual(params.zerosLike()) : TrainStep.NoStepState.INSTANCE;
    }

    @Override
    public long compress(TensorMap grad, OptState state, long step, RandomStream random, TensorMap out) {
        if (state instanceof Residual r) {
            r.addTo(grad);
        }
        long bytes = 0;
        for (String name : grad.names()) {
            bytes += sparsify(grad.get(name).data(), count(hp.number("density"), grad.get(name).size()),
                    out.get(name));
        }
        if (state instanceof Residual r) {
            r.keep(grad, out);
        }
        return bytes;
    }

    /** Entries kept of a tensor of {@code d} values at {@code density}. */
    static int count(double density, int d) {
        return (int) Math.min(d, Math.max(1, Math.ceil(density * d)));
    }

    /** Writes the top {@code k} of {@code p} into {@code out} (zeros elsewhere); returns the bytes. */
    static long sparsify(double[] p, int k, Tensor out) {
        double[] o = out.data();
        Arrays.fill(o, 0.0);
        for (int i : TopKSelection.select(p, k, new double[p.length])) {
            o[i] = p[i];
        }
        out.markModified();
        return (long) k * (VALUE_BYTES + INDEX_BYTES);
    }
}
