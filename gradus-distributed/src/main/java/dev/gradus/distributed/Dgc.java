package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * {@code dgc(density=0.001, momentum=0.9, nesterov=false, masking=true, clip_norm=0, warmup_steps=0,
 * sampled=true, sample_ratio=0.01)}: Deep
 * Gradient Compression (Lin et al., ICLR 2018; code {@code synxlin/deep-gradient-compression}). Per worker, for
 * each tensor with more than one dimension:
 * <pre>
 *   g = clip(g)                                   local clipping, when clip_norm &gt; 0
 *   u = m u + g;   v = v + u                      momentum correction (nesterov: u = m (u + g); v = v + u + g)
 *   thr = k-th largest |v|, k = ceil(density_t numel);   mask = the k entries of |v| &gt;= thr (ties: lowest index)
 *   send v * mask;   v = v * !mask
 *   u = u * !mask                                 momentum factor masking, when masking
 * </pre>
 * and the server averages and applies {@code x = x - lr G} with no further momentum: use {@code sgd(lr=...)}.
 *
 * <p>Details and deviations, as in the reference code: tensors of rank 0 or 1 (biases, norms) are not
 * compressed; they keep an ordinary momentum {@code u = m u + g} (nesterov: send {@code g + m u}) and are sent
 * dense, which for the mean aggregator is the code's momentum after averaging (the same up to rounding).
 * {@code clip_norm} clips the worker's whole gradient to that global norm (with 1e-6 in the denominator); the
 * paper scales the threshold by {@code N^(-1/2)}: pass the scaled value. Warm-up follows the paper: during the
 * first {@code warmup_steps} rounds the density is {@code max(density, 0.25^(stage+1))} over four equal stages
 * (25%, 6.25%, 1.5625%, 0.39%). The threshold is estimated from a 1% strided sample as in the code
 * ({@link TopKSelection#sampled}: about k entries), or exact with {@code sampled=false}. A literal
 * masking at density 1 zeroes {@code u} every step, so it is plain SGD; without masking at density 1 DGC is
 * momentum SGD exactly. Defaults: the code's {@code compress_ratio=0.001}, momentum 0.9, nesterov false.
 */
public final class Dgc extends Configured<Dgc> implements Compressor {

    /** Spec: {@code dgc(density=0.001, ...)}. */
    public static final Descriptor<Dgc> SPEC = Descriptor.component("dgc", "compressor", Dgc::new)
            .summary("Deep Gradient Compression: momentum correction, top-k with residuals, masking, warm-up")
            .reference("Lin et al. 2018, Deep Gradient Compression; synxlin/deep-gradient-compression")
            .param(Param.number("density", 0.001, "fraction of each matrix's entries sent").range(Range.openClosed(0, 1)))
            .param(Param.number("momentum", 0.9, "local momentum m").range(Range.closedOpen(0, 1)))
            .param(Param.flag("nesterov", false, "Nesterov momentum correction"))
            .param(Param.flag("masking", true, "momentum factor masking"))
            .param(Param.number("clip_norm", 0.0, "local gradient clipping to this global norm; 0 is off")
                    .range(Range.atLeast(0)))
            .param(Param.integer("warmup_steps", 0L, "rounds of exponentially decreasing density")
                    .range(Range.atLeast(0)))
            .param(Param.flag("sampled", true, "estimate the threshold from a sample, as the reference code does"))
            .param(Param.number("sample_ratio", 0.01, "share of entries sampled for the threshold")
                    .range(Range.openClosed(0, 1)))
            .build();

    /**
     * One worker's DGC memory.
     *
     * @param u the local velocity, by parameter name
     * @param v the accumulated velocity not yet sent (matrices only; zero for dense tensors)
     */
    public record State(TensorMap u, TensorMap v) implements OptState {}

    /** From validated settings. */
    public Dgc(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        return new State(params.zerosLike(), params.zerosLike());
    }

    /** The density at round {@code step} (from 1), with the warm-up. */
    public double density(long step) {
        double density = hp.number("density");
        long warmup = hp.integer("warmup_steps");
        if (step > warmup) {
            return density;
        }
        int stage = (int) ((step - 1) * 4 / warmup);
        return Math.max(density, Math.pow(0.25, stage + 1));
    }

    @Override
    public long compress(TensorMap grad, OptState state, long step, RandomStream random, TensorMap out) {
        State s = (State) state;
        double m = hp.number("momentum");
        boolean nesterov = hp.flag("nesterov");
        double clip = hp.number("clip_norm");
        if (clip > 0) {
            double norm = Trees.globalNorm(grad);
            double c = clip / (norm + 1e-6);
            if (c < 1) {
                Trees.scale(c, grad);
            }
        }
        double density = density(step);
        long bytes = 0;
        for (String name : grad.names()) {
            double[] g = grad.get(name).data();
            double[] u = s.u().get(name).data();
            double[] o = out.get(name).data();
            if (grad.get(name).rank() <= 1) {
                for (int i = 0; i < g.length; i++) {
                    u[i] = m * u[i] + g[i];
                    o[i] = nesterov ? g[i] + m * u[i] : u[i];
                }
                bytes += (long) g.length * VALUE_BYTES;
            } else {
                double[] v = s.v().get(name).data();
                for (int i = 0; i < g.length; i++) {
                    if (nesterov) {
                        u[i] = m * (u[i] + g[i]);
                        v[i] += u[i] + g[i];
                    } else {
                        u[i] = m * u[i] + g[i];
                        v[i] += u[i];
                    }
                }
                int k = TopK.count(density, g.length);
                java.util.Arrays.fill(o, 0.0);
                int[] picked = hp.flag("sampled")
                        ? TopKSelection.sampled(v, k, hp.number("sample_ratio"), random.fork(name))
                        : TopKSelection.select(v, k, new double[v.length]);
                k = picked.length;
                for (int i : picked) {
                    o[i] = v[i];
                    v[i] = 0;
                    if (hp.flag("masking")) {
                        u[i] = 0;
                    }
                }
                bytes += k == g.length ? (long) k * VALUE_BYTES : (long) k * (VALUE_BYTES + INDEX_BYTES);
                s.v().get(name).markModified();
            }
            s.u().get(name).markModified();
            out.get(name).markModified();
        }
        return bytes;
    }
}
