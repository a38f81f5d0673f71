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

/**
 * {@code qsgd(levels=16)}: stochastic quantization (Alistarh et al. 2017, QSGD, eq. (2)). Per tensor {@code v}
 * with {@code s} levels, each entry is sent as
 * <pre>
 *   Q(v_i) = ||v||_2 * sign(v_i) * xi_i / s,
 *   xi_i = l + 1 with probability s |v_i| / ||v||_2 - l, else l,   where l = floor(s |v_i| / ||v||_2)
 * </pre>
 * which is unbiased ({@code E Q(v) = v}). Wire size: the norm (8 bytes) plus a sign bit and
 * {@code ceil(log2(s + 1))} level bits per entry (fixed-width; the paper's Elias coding would be smaller).
 */
public final class Qsgd extends Configured<Qsgd> implements Compressor {

    /** Spec: {@code qsgd(levels=16)}. */
    public static final Descriptor<Qsgd> SPEC = Descriptor.component("qsgd", "compressor", Qsgd::new)
            .summary("unbiased stochastic quantization to s levels of the tensor's norm")
            .reference("Alistarh et al. 2017, QSGD: Communication-Efficient SGD via Gradient Quantization and Encoding")
            .param(Param.integer("levels", 16L, "quantization levels s").range(Range.atLeast(1)))
            .build();

    /** From validated settings. */
    public Qsgd(Hyperparams hp) {
        super(hp);
    }

    @Override
    public OptState init(TensorMap params) {
        return TrainStep.NoStepState.INSTANCE;
    }

    @Override
    public long compress(TensorMap grad, OptState state, long step, RandomStream random, TensorMap out) {
        int s = Math.toIntExact(hp.integer("levels"));
        int bitsPerEntry = 1 + (32 - Integer.numberOfLeadingZeros(s)); // ceil(log2(s + 1)) level bits + sign
        long bytes = 0;
        for (String name : grad.names()) {
            double[] v = grad.get(name).data();
            double[] o = out.get(name).data();
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            RandomStream r = random.fork(name);
            for (int i = 0; i < v.length; i++) {
                if (norm == 0) {
                    o[i] = 0;
                    continue;
                }
                double scaled = s * Math.abs(v[i]) / norm;
                double l = Math.floor(scaled);
                double xi = r.uniform() < scaled - l ? l + 1 : l;
                o[i] = norm * Math.signum(v[i]) * xi / s;
            }
            out.get(name).markModified();
            bytes += 8 + ((long) v.length * bitsPerEntry + 7) / 8;
        }
        return bytes;
    }
}
