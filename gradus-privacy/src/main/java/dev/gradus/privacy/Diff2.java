package dev.gradus.privacy;

import dev.gradus.optim.Counter;
import dev.gradus.optim.OptState;
import dev.gradus.optim.PerSample;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * DIFF2 with the gradient-descent subroutine: private optimisation that releases gradient <em>differences</em>,
 * whose sensitivity shrinks with the step length, in a recursive estimator with periodic restarts (Murata &amp; Suzuki,
 * "DIFF2: Differential Private Optimization via Gradient Differences for Nonconvex Distributed Learning", ICML 2023).
 * P nodes, node p with n_p examples, rounds r = 1..R:
 * <pre>
 *   if (r − 1) mod T == 0:                                         restart round
 *       d_p = (1/n_p) Σ_z clip(∇ℓ(x_{r−1}; z), C1) + N(0, σ1²·C1²/n_p² · I)
 *       v_r = (1/P) Σ_p d_p
 *   else:                                                          difference round
 *       C2r = C2 · ‖x_{r−1} − x_{r−2}‖                             from public iterates
 *       d_p = (1/n_p) Σ_z clip(∇ℓ(x_{r−1}; z) − ∇ℓ(x_{r−2}; z), C2r) + N(0, σ2²·C2r²/n_p² · I)
 *       v_r = v_{r−1} + (1/P) Σ_p d_p
 *   x_r = x_{r−1} − η·v_r
 * </pre>
 * The constants are a reconstruction (the paper was seen through summaries; its code was not found), so this is
 * marked unconfirmed against the paper. Each round is a Gaussian mechanism with sensitivity C/n_p and std σC/n_p,
 * RDP α/(2σ²) ({@link #event}); {@link #split} gives restart and difference multipliers that together spend what
 * DP-GD spends with one multiplier σ for all R rounds. When {@code x_{r−1} = x_{r−2}} the radius is 0 and the
 * difference and its noise vanish. The paper analyses a randomly chosen iterate; callers here use the last.
 *
 * <p>Pitfall (digest): the difference noise feeds back through x; with {@code σ2·C2·η·√d/n ≳ 1} the recursion
 * diverges, and large T (20 on the digest's problem) does.
 */
public final class Diff2 {
    /** One node's data: the per-example gradients of its n_p examples at any point. */
    public interface Node {
        /** The per-example gradients at {@code x}, all examples of the node. */
        PerSample at(TensorMap x);
    }

    /** The estimator v, the previous iterate and the round count. */
    public record State(TensorMap estimate, TensorMap previous, Counter round) implements OptState {}

    private final double lr;
    private final double c1;
    private final double c2;
    private final int restartEvery;
    private final double sigma1;
    private final double sigma2;

    /**
     * DIFF2-GD with step {@code lr}, restart threshold {@code c1}, difference smoothness {@code c2}, restart period
     * {@code restartEvery} T and noise multipliers {@code sigma1} (restart rounds) and {@code sigma2} (differences).
     */
    public Diff2(double lr, double c1, double c2, int restartEvery, double sigma1, double sigma2) {
        if (!(lr > 0) || !(c1 > 0) || !(c2 > 0) || restartEvery < 1 || !(sigma1 >= 0) || !(sigma2 >= 0)) {
            throw new IllegalArgumentException("DIFF2: need lr, C1, C2 > 0, T >= 1 and sigmas >= 0; got lr=" + lr
                    + " C1=" + c1 + " C2=" + c2 + " T=" + restartEvery + " sigma1=" + sigma1 + " sigma2=" + sigma2);
        }
        this.lr = lr;
        this.c1 = c1;
        this.c2 = c2;
        this.restartEvery = restartEvery;
        this.sigma1 = sigma1;
        this.sigma2 = sigma2;
    }

    /**
     * The budget split of the digest: a fraction {@code phi} of the total RDP to restart rounds, {@code σ1 = σ/√(φT)}
     * and {@code σ2 = σ·√((1 − 1/T)/(1 − φ))}, so that R rounds of DIFF2 spend what R rounds of DP-GD at σ spend.
     *
     * @return {@code {σ1, σ2}}
     */
    public static double[] split(double sigma, int restartEvery, double phi) {
        if (!(phi > 0 && phi < 1)) {
            throw new IllegalArgumentException("DIFF2: budget fraction phi " + phi + " is outside (0, 1)");
        }
        double t = restartEvery;
        return new double[] {sigma / Math.sqrt(phi * t), sigma * Math.sqrt((1 - 1 / t) / (1 - phi))};
    }

    /** What {@code rounds} rounds release: the restart and the difference Gaussians, composed. */
    public DpEvent event(int rounds) {
        long restarts = (rounds + restartEvery - 1) / restartEvery;
        return new DpEvent.Composed(List.of(new DpEvent.SelfComposed(new DpEvent.Gaussian(sigma1), restarts),
                new DpEvent.SelfComposed(new DpEvent.Gaussian(sigma2), rounds - restarts)));
    }

    /** The state before the first round at {@code x}. */
    public State init(TensorMap x) {
        return new State(x.zerosLike(), x.copy(), new Counter());
    }

    /** One round: updates {@code x} in place, noise from {@code random}. */
    public void round(TensorMap x, List<Node> nodes, State s, RandomStream random) {
        long r = s.round().increment();
        boolean restart = (r - 1) % restartEvery == 0;
        TensorMap sum = x.zerosLike();
        double radius = 0;
        if (!restart) {
            double sq = 0;
            for (String name : x.names()) {
                double[] a = x.get(name).data();
                double[] b = s.previous().get(name).data();
                for (int i = 0; i < a.length; i++) {
                    sq += (a[i] - b[i]) * (a[i] - b[i]);
                }
            }
            radius = c2 * Math.sqrt(sq);
        }
        for (int p = 0; p < nodes.size(); p++) {
            RandomStream noise = random.fork("node " + p);
            TensorMap d = restart ? restartTerm(nodes.get(p), x, noise) : differenceTerm(nodes.get(p), x, s.previous(),
                    radius, noise);
            d.forEach((name, t) -> {
                double[] acc = sum.get(name).data();
                double[] v = t.data();
                for (int i = 0; i < v.length; i++) {
                    acc[i] += v[i] / nodes.size();
                }
            });
        }
        s.previous().forEach((name, t) -> t.assign(x.get(name)));
        for (String name : x.names()) {
            double[] v = s.estimate().get(name).data();
            double[] add = sum.get(name).data();
            double[] xd = x.get(name).data();
            for (int i = 0; i < v.length; i++) {
                v[i] = restart ? add[i] : v[i] + add[i];
                xd[i] -= lr * v[i];
            }
            x.get(name).markModified();
        }
    }

    private TensorMap restartTerm(Node node, TensorMap x, RandomStream noise) {
        PerSample ps = node.at(x);
        int n = ps.size();
        TensorMap d = ps.weightedSum(PrivateGradient.factors(ps.norms(), c1));
        addNoise(d, n, sigma1 * c1, noise);
        return d;
    }

    private TensorMap differenceTerm(Node node, TensorMap x, TensorMap previous, double radius, RandomStream noise) {
        if (radius == 0) {
            return x.zerosLike(); // x did not move: no difference and no noise
        }
        TensorMap now = node.at(x).gradients();
        PerSample before = node.at(previous);
        int n = before.size();
        TensorMap then = before.gradients();
        double[] sq = new double[n];
        for (String name : x.names()) {
            double[] a = now.get(name).data();
            double[] b = then.get(name).data();
            int m = a.length / n;
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int j = i * m; j < (i + 1) * m; j++) {
                    double dj = a[j] - b[j];
                    s += dj * dj;
                }
                sq[i] += s;
            }
        }
        for (int i = 0; i < n; i++) {
            sq[i] = Math.sqrt(sq[i]);
        }
        double[] f = PrivateGradient.factors(sq, radius);
        TensorMap d = x.zerosLike();
        for (String name : x.names()) {
            double[] a = now.get(name).data();
            double[] b = then.get(name).data();
            double[] out = d.get(name).data();
            int m = out.length;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < m; j++) {
                    out[j] += f[i] * (a[i * m + j] - b[i * m + j]);
                }
            }
        }
        addNoise(d, n, sigma2 * radius, noise);
        return d;
    }

    /** {@code d ← d/n + N(0, (std/n)²)}. */
    private static void addNoise(TensorMap d, int n, double std, RandomStream noise) {
        d.forEach((name, t) -> {
            double[] v = t.data();
            for (int i = 0; i < v.length; i++) {
                v[i] = (v[i] + std * noise.normal()) / n;
            }
        });
    }
}
