package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.TrainStep;
import java.util.Arrays;

/**
 * {@code randomk(density=0.01, error_feedback=true, rescale=false)}: random sparsification (Stich et al. 2018,
 * Sparsified SGD with Memory). Per tensor of {@code d} values, {@code k = max(1, ceil(density * d))} indices
 * drawn uniformly without replacement from the worker's stream:
 * <pre>
 *   p = g + e;   send s * p_i for the k drawn i  (s = d / k with rescale, making it unbiased; else 1);   e = p - sent
 * </pre>
 * The receiver draws the same indices from the shared seed, so only the k values and an 8-byte seed are sent.
 */
public final class RandomK extends Configured<RandomK> implements Compressor {

    /** Spec: {@code randomk(density=0.01, error_feedback=true, rescale=false)}. */
    public static final Descriptor<RandomK> SPEC = Descriptor.component("randomk", "compressor", RandomK::new)
            .summary("send k random entries of each tensor (indices from a shared seed)")
            .reference("Stich, Cordonnier & Jaggi 2018, Sparsified SGD with Memory; GRACE randomk")
            .param(Param.number("density", 0.01, "fraction of each tensor's entries sent").range(Range.openClosed(0, 1)))
            .param(Param.flag("error_feedback", true, "add what was not sent to the next gradient"))
            .param(Param.flag("rescale", false, "scale the sent values by d/k (unbiased)"))
            .build();

    /** From validated settings. */
    public RandomK(Hyperparams hp) {
        super(hp);
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
            double[] p = grad.get(name).data();
            double[] o = out.get(name).data();
            int k = TopK.count(hp.number("density"), p.length);
            double scale = hp.flag("rescale") ? (double) p.length / k : 1.0;
            Arrays.fill(o, 0.0);
            for (int i : random.fork(name).choice(p.length, k, false)) {
                o[i] = scale * p[i];
            }
            out.get(name).markModified();
            bytes += (long) k * VALUE_BYTES + 8;
        }
        if (state instanceof Residual r) {
            r.keep(grad, out);
        }
        return bytes;
    }
}
