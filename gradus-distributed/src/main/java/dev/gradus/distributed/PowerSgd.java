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

/**
 * {@code powersgd(rank=2, error_feedback=true, warm_start=true)}: PowerSGD (Vogels, Karimireddy and Jaggi 2019,
 * Algorithm 1 with error feedback; PyTorch's {@code powerSGD_hook}). Each matrix parameter is viewed as
 * {@code n x m} (first dimension by the rest); for worker {@code i} of {@code N}, with a {@code m x r} matrix
 * {@code Q} shared by all workers:
 * <pre>
 *   M_i = G_i + e_i
 *   P = (1/N) sum_i M_i Q            all-reduce
 *   P = orthogonalize(P)             Gram-Schmidt on the columns
 *   Q = (1/N) sum_i M_i^T P          all-reduce
 *   decoded = P Q^T;   e_i = M_i - decoded
 * </pre>
 * With warm start, {@code Q} is kept for the next round (one power iteration per round); otherwise it is drawn
 * afresh. The first {@code Q} is standard normal from the round's shared stream. Tensors of rank 0 or 1 are
 * all-reduced dense, as in the hook. Each worker sends {@code (n + m) r} values per matrix.
 */
public final class PowerSgd extends Configured<PowerSgd> implements CollectiveCompressor {

    /** Spec: {@code powersgd(rank=2, error_feedback=true, warm_start=true)}. */
    public static final Descriptor<PowerSgd> SPEC = Descriptor.component("powersgd", "compressor", PowerSgd::new)
            .summary("rank-r power-iteration compression with all-reduced factors, error feedback, warm start")
            .reference("Vogels, Karimireddy & Jaggi 2019, PowerSGD; torch.distributed powerSGD_hook")
            .param(Param.integer("rank", 2L, "rank r of the approximation").range(Range.atLeast(1)))
            .param(Param.flag("error_feedback", true, "keep M - PQ^T for the next round"))
            .param(Param.flag("warm_start", true, "reuse the last Q"))
            .build();

    /**
     * One worker's PowerSGD memory.
     *
     * @param q the shared factor {@code Q} of each matrix ({@code [m, r]}; the same on every worker), by name
     * @param residual the error-feedback residual, by name
     */
    public record State(TensorMap q, TensorMap residual) implements OptState {}

    /** From validated settings. */
    public PowerSgd(Hyperparams hp) {
        super(hp);
    }

    @Override
    public State init(TensorMap params) {
        int r = Math.toIntExact(hp.integer("rank"));
        TensorMap q = new TensorMap();
        params.forEach((name, p) -> {
            if (p.rank() > 1) {
                q.put(name, Tensor.zeros(p.size() / p.dim(0), Math.min(r, Math.min(p.dim(0), p.size() / p.dim(0)))));
            }
        });
        return new State(q, params.zerosLike());
    }

    @Override
    public long[] round(TensorMap[] grads, OptState[] states, long step, RandomStream shared, TensorMap[] out) {
        int n = grads.length;
        long[] bytes = new long[n];
        boolean ef = hp.flag("error_feedback");
        for (String name : grads[0].names()) {
            Tensor g0 = grads[0].get(name);
            if (g0.rank() <= 1) {
                Tensor mean = Tensor.zerosLike(g0);
                for (TensorMap g : grads) {
                    mean = mean.add(g.get(name));
                }
                mean = mean.mul(1.0 / n);
                for (int i = 0; i < n; i++) {
                    out[i].get(name).assign(mean);
                    bytes[i] += (long) g0.size() * VALUE_BYTES;
                }
                continue;
            }
            int rows = g0.dim(0);
            int cols = g0.size() / rows;
            Tensor[] m = new Tensor[n];
            for (int i = 0; i < n; i++) {
                Tensor mi = grads[i].get(name).reshape(rows, cols);
                m[i] = ef ? mi.add(((State) states[i]).residual().get(name).reshape(rows, cols)) : mi;
            }
            Tensor q = ((State) states[0]).q().get(name);
            if (!hp.flag("warm_start") || isZero(q)) {
                q = Tensor.randn(shared.fork(name), q.shape());
            }
            Tensor p = Tensor.zeros(rows, q.dim(1));
            for (Tensor mi : m) {
                p = p.add(mi.matmul(q));
            }
            p = orthogonalize(p.mul(1.0 / n));
            Tensor qNew = Tensor.zeros(q.shape());
            for (Tensor mi : m) {
                qNew = qNew.add(mi.matmul(p, true, false));
            }
            qNew = qNew.mul(1.0 / n);
            Tensor decoded = p.matmul(qNew, false, true);
            for (int i = 0; i < n; i++) {
                State s = (State) states[i];
                s.q().get(name).assign(qNew);
                if (ef) {
                    s.residual().get(name).assign(m[i].sub(decoded).reshape(g0.shape()));
                }
                out[i].get(name).assign(decoded.reshape(g0.shape()));
                bytes[i] += (long) (rows + cols) * q.dim(1) * VALUE_BYTES;
            }
        }
        return bytes;
    }

    private static boolean isZero(Tensor t) {
        for (double v : t.data()) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    /** Gram-Schmidt on the columns of {@code p} (with 1e-8 added to each norm, as the reference code does). */
    static Tensor orthogonalize(Tensor p) {
        int rows = p.dim(0);
        int r = p.dim(1);
        double[] a = p.copy().data();
        for (int c = 0; c < r; c++) {
            for (int prev = 0; prev < c; prev++) {
                double dot = 0;
                for (int i = 0; i < rows; i++) {
                    dot += a[i * r + c] * a[i * r + prev];
                }
                for (int i = 0; i < rows; i++) {
                    a[i * r + c] -= dot * a[i * r + prev];
                }
            }
            double norm = 0;
            for (int i = 0; i < rows; i++) {
                norm += a[i * r + c] * a[i * r + c];
            }
            norm = Math.sqrt(norm) + 1e-8;
            for (int i = 0; i < rows; i++) {
                a[i * r + c] /= norm;
            }
        }
        return Tensor.of(a, rows, r);
    }
}
