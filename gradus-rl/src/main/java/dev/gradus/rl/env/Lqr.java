package dev.gradus.rl.env;

import dev.gradus.autodiff.Var;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.List;

/**
 * A discrete-time linear-quadratic regulator as an environment, with the exact expected return of a linear-Gaussian
 * policy {@code a = K s + σ ε}, the ground truth of the policy-gradient experiments (06-rl.md §1):
 * <pre>
 *   s_{t+1} = A s_t + B a_t + w_t,   w_t ~ N(0, noise² I),   s_0 ~ N(0, I)
 *   r_t = −(s_tᵀ Q s_t + a_tᵀ R a_t),   H steps (then truncated), never terminated
 *   J(K) = −Σ_{t&lt;H} γ^t [tr((Q + KᵀRK) S_t) + tr(R) σ²],   S_0 = I,
 *   S_{t+1} = (A + BK) S_t (A + BK)ᵀ + BBᵀσ² + noise² I
 * </pre>
 * The default is the digest's system: A = [[1, 0.1], [0, 1]], B = [0, 0.1]ᵀ, Q = I, R = 0.1, H = 30, noise 0.01,
 * for which J(0) = −123.5 at γ = 0.99, σ = 0.5. Matrices are row-major; K is m×n (actions × states).
 */
public final class Lqr extends ClassicControl {
    private final int n;
    private final int m;
    private final double[] a;
    private final double[] b;
    private final double[] q;
    private final double[] r;
    private final double noise;
    private final double[] next;

    /** The digest's system with its horizon. */
    public Lqr() {
        this(2, 1, new double[] {1, 0.1, 0, 1}, new double[] {0, 0.1}, new double[] {1, 0, 0, 1}, new double[] {0.1},
                30, 0.01);
    }

    /** A system with {@code n} states and {@code m} actions (row-major matrices A n×n, B n×m, Q n×n, R m×m). */
    public Lqr(int n, int m, double[] a, double[] b, double[] q, double[] r, int horizon, double noise) {
        super("lqr", n, n, ActionSpace.box(filled(m, Double.NEGATIVE_INFINITY), filled(m, Double.POSITIVE_INFINITY)),
                horizon);
        if (a.length != n * n || b.length != n * m || q.length != n * n || r.length != m * m) {
            throw new IllegalArgumentException("lqr: with " + n + " states and " + m + " actions A needs " + n * n
                    + " values, B " + n * m + ", Q " + n * n + ", R " + m * m + "; got " + a.length + ", " + b.length
                    + ", " + q.length + ", " + r.length);
        }
        this.n = n;
        this.m = m;
        this.a = a.clone();
        this.b = b.clone();
        this.q = q.clone();
        this.r = r.clone();
        this.noise = noise;
        this.next = new double[n];
    }

    private static double[] filled(int k, double v) {
        double[] out = new double[k];
        Arrays.fill(out, v);
        return out;
    }

    /** The number of states. */
    public int states() {
        return n;
    }

    /** The number of actions. */
    public int actions() {
        return m;
    }

    @Override
    protected void draw(RandomStream random) {
        for (int i = 0; i < n; i++) {
            s[i] = random.normal();
        }
    }

    @Override
    protected double advance(double[] action, RandomStream random) {
        double cost = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cost += s[i] * q[i * n + j] * s[j];
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                cost += action[i] * r[i * m + j] * action[j];
            }
        }
        for (int i = 0; i < n; i++) {
            double v = 0;
            for (int j = 0; j < n; j++) {
                v += a[i * n + j] * s[j];
            }
            for (int j = 0; j < m; j++) {
                v += b[i * m + j] * action[j];
            }
            next[i] = v + noise * random.normal();
        }
        System.arraycopy(next, 0, s, 0, n);
        return -cost;
    }

    @Override
    protected boolean terminal() {
        return false;
    }

    @Override
    protected void observe(double[] out) {
        System.arraycopy(s, 0, out, 0, n);
    }

    /** The exact J(K) for policy noise σ and discount γ ({@code k} row-major m×n). */
    public double expectedReturn(double[] k, double sigma, double gamma) {
        return expectedReturn(Var.constant(Tensor.of(k.clone(), m, n)), sigma, gamma).item();
    }

    /** J(K) as a differentiable function of {@code k} ([m, n]), so its exact gradient comes from autodiff. */
    public Var expectedReturn(Var k, double sigma, double gamma) {
        Var aM = Var.constant(Tensor.of(a, n, n));
        Var bM = Var.constant(Tensor.of(b, n, m));
        Var qM = Var.constant(Tensor.of(q, n, n));
        Var rM = Var.constant(Tensor.of(r, m, m));
        Tensor eye = Tensor.eye(n);
        double trR = 0;
        for (int i = 0; i < m; i++) {
            trR += r[i * m + i];
        }
        Tensor drive = Tensor.of(b, n, m).matmul(Tensor.of(b, n, m), false, true).mul(sigma * sigma)
                .add(eye.mul(noise * noise));
        Var closed = aM.add(bM.matmul(k));
        Var cost = qM.add(k.matmul(rM.matmul(k), true, false));
        Var sT = Var.constant(eye);
        Var total = Var.scalar(0.0);
        double discount = 1;
        for (int t = 0; t < maxEpisodeSteps(); t++) {
            Var tr = cost.matmul(sT).mul(Var.constant(eye)).sum();
            total = total.add(tr.add(trR * sigma * sigma).mul(discount));
            sT = closed.matmul(sT).matmul(closed, false, true).add(Var.constant(drive));
            discount *= gamma;
        }
        return total.neg();
    }

    /**
     * The best linear gain K* = argmax J(K) and J* = J(K*), found by L-BFGS (strong Wolfe) on the exact J from the
     * best point of a coarse grid over [−15, 0]^{m×n} (the digest's search box); for the digest's system J* ≈ −18.8.
     */
    public Optimum optimum(double sigma, double gamma) {
        int d = m * n;
        double[] best = new double[d];
        double bestJ = expectedReturn(best, sigma, gamma);
        int grid = d <= 2 ? 31 : 0; // a grid only where it is cheap; otherwise start from K = 0
        double[] k = new double[d];
        if (grid > 0) {
            int cells = (int) Math.pow(grid, d);
            for (int c = 0; c < cells; c++) {
                int rest = c;
                for (int i = 0; i < d; i++) {
                    k[i] = -15.0 + 15.0 * (rest % grid) / (grid - 1);
                    rest /= grid;
                }
                double j = expectedReturn(k, sigma, gamma);
                if (j > bestJ) {
                    bestJ = j;
                    best = k.clone();
                }
            }
        }
        TensorMap params = TensorMap.of("K", Tensor.of(best, m, n));
        GradientTransformation lbfgs = Optimizers.lbfgs().lr(1.0).maxIter(200).lineSearchFn("strong_wolfe");
        OptState state = lbfgs.init(params);
        for (int round = 0; round < 5; round++) {
            lbfgs.step(params, (at, grad) -> {
                Var kv = Var.param(at.get("K").copy());
                Var negJ = expectedReturn(kv, sigma, gamma).neg();
                grad.get("K").assign(dev.gradus.autodiff.Autodiff.grad(negJ, List.of(kv)).get(0));
                return negJ.item();
            }, state);
        }
        double[] kStar = params.get("K").data().clone();
        return new Optimum(kStar, expectedReturn(kStar, sigma, gamma));
    }

    /**
     * The best linear gain and its return.
     *
     * @param gain K*, row-major m×n
     * @param value J(K*)
     */
    public record Optimum(double[] gain, double value) {}

    /** Spec {@code lqr(horizon=30, noise=0.01)}: the digest's system; other systems are built in code. */
    public static final class Factory extends Configured<Factory> implements EnvFactory {
        /** The descriptor. */
        public static final Descriptor<Factory> SPEC = Descriptor.component("lqr", "env", Factory::new)
                .summary("a linear-quadratic regulator with an exact evaluator J(K) of linear-Gaussian policies")
                .reference("Fatkhullin et al., ICML 2023 (the digest's system, 06-rl.md section 1)")
                .param(Param.integer("horizon", 30L, "steps per episode").range(Range.atLeast(1)))
                .param(Param.number("noise", 0.01, "process noise standard deviation").range(Range.atLeast(0)))
                .param(Param.tuple("a", ParamType.DOUBLES, List.of(1.0, 0.1, 0.0, 1.0), "A, row-major"))
                .param(Param.tuple("b", ParamType.DOUBLES, List.of(0.0, 0.1), "B, row-major (states x actions)"))
                .param(Param.tuple("q", ParamType.DOUBLES, List.of(1.0, 0.0, 0.0, 1.0), "Q, row-major"))
                .param(Param.tuple("r", ParamType.DOUBLES, List.of(0.1), "R, row-major"))
                .build();

        /** From validated settings. */
        public Factory(Hyperparams hp) {
            super(hp);
        }

        @Override
        public Lqr create() {
            double[] aa = hp.numbers("a");
            double[] rr = hp.numbers("r");
            int nn = (int) Math.round(Math.sqrt(aa.length));
            int mm = (int) Math.round(Math.sqrt(rr.length));
            if (nn * nn != aa.length || mm * mm != rr.length) {
                throw new IllegalArgumentException("lqr: a and r must be square matrices, got " + aa.length + " and "
                        + rr.length + " values");
            }
            return new Lqr(nn, mm, aa, hp.numbers("b"), hp.numbers("q"), rr, Math.toIntExact(hp.integer("horizon")),
                    hp.number("noise"));
        }
    }
}
