package dev.gradus.distributed.gossip;

import dev.gradus.distributed.Attack;
import dev.gradus.tensor.RandomStream;

/**
 * MoNNA (Farhadkhani et al., ICML 2023, Robust Collaborative Learning with Linear Gradient Overhead; code
 * {@code LPD-EPFL/robust-collaborative-learning peerToPeer.py}): peer-to-peer training of {@code n} nodes of which
 * the last {@code f} are Byzantine. Each step, honest node {@code i}:
 * <pre>
 *   g_i = grad f_i(x_i) + N(0, sigma^2 I)                 a stochastic gradient
 *   m_i = beta m_i + (1 - beta) g_i                       Polyak momentum (code: momentum = dampening = beta)
 *   x_i^{t+1/2} = x_i - gamma_t m_i,   gamma_t = gamma / (1 + t / decay)
 *   x_i^{t+1} = NNA_i: the mean of the n - f received vectors closest to x_i^{t+1/2} (own included; stable order)
 * </pre>
 * As in the reference simulation, node {@code i} receives its own vector, a random subset of {@code n - 2f - 1}
 * other honest vectors and the {@code f} Byzantine ones ({@code n - f} in all) and keeps {@code n - 2f}. The
 * Byzantine vectors come from an omniscient {@link Attack} that sees every honest half-step vector. With
 * {@code averaging} the rule is plain D-SGD averaging of the received vectors instead (the baseline that breaks).
 */
public final class Monna {
    private final LocalObjectives f;
    private final int byzantine;
    private final double beta;
    private final double gamma;
    private final double decay;
    private final double noise;
    private final boolean averaging;

    /**
     * MoNNA on {@code f} (over all {@code n} nodes; the last {@code byzantine} are Byzantine) with momentum
     * {@code beta}, step {@code gamma / (1 + t / decay)}, gradient noise {@code noise}; {@code averaging} replaces
     * NNA by the plain mean.
     */
    public Monna(LocalObjectives f, int byzantine, double beta, double gamma, double decay, double noise,
            boolean averaging) {
        int n = f.nodes();
        if (byzantine < 0 || n - 2 * byzantine < 1) {
            throw new IllegalArgumentException("MoNNA: f=" + byzantine + " Byzantine nodes need n - 2f >= 1; n=" + n);
        }
        if (!(beta >= 0 && beta < 1) || !(gamma > 0) || !(decay > 0) || !(noise >= 0)) {
            throw new IllegalArgumentException("MoNNA: need 0 <= beta < 1, gamma > 0, decay > 0, noise >= 0; got beta="
                    + beta + ", gamma=" + gamma + ", decay=" + decay + ", noise=" + noise);
        }
        this.f = f;
        this.byzantine = byzantine;
        this.beta = beta;
        this.gamma = gamma;
        this.decay = decay;
        this.noise = noise;
        this.averaging = averaging;
    }

    /**
     * Runs {@code steps} steps from {@code x0} at every honest node under {@code attack} (null: the Byzantine nodes
     * send honest-looking copies of the honest mean, i.e. no attack); returns the honest models {@code [n - f][d]}.
     */
    public double[][] run(double[] x0, int steps, Attack attack, RandomStream rng) {
        int n = f.nodes();
        int h = n - byzantine;
        int d = f.dimension();
        double[][] x = new double[h][];
        double[][] m = new double[h][d];
        for (int i = 0; i < h; i++) {
            x[i] = x0.clone();
        }
        double[] grad = new double[d];
        double[][] half = new double[h][d];
        double[][] forged = new double[byzantine][d];
        for (int t = 0; t < steps; t++) {
            double lr = gamma / (1 + t / decay);
            for (int i = 0; i < h; i++) {
                f.gradient(i, x[i], grad);
                for (int j = 0; j < d; j++) {
                    double g = grad[j] + noise * rng.normal();
                    m[i][j] = beta * m[i][j] + (1 - beta) * g;
                    half[i][j] = x[i][j] - lr * m[i][j];
                }
            }
            for (int b = 0; b < byzantine; b++) {
                if (attack == null) {
                    meanInto(half, forged[b]);
                } else {
                    attack.forge(half, half[0], rng.fork("attack " + t + " " + b), forged[b]);
                }
            }
            double[][] next = new double[h][];
            for (int i = 0; i < h; i++) {
                double[][] received = received(i, half, forged, rng);
                next[i] = new double[d];
                if (averaging) {
                    meanInto(received, next[i]);
                } else {
                    nearestMean(received, half[i], n - 2 * byzantine, next[i]);
                }
            }
            x = next;
        }
        return x;
    }

    /** Own vector, {@code n - 2f - 1} other honest ones drawn at random, and the Byzantine ones. */
    private double[][] received(int i, double[][] half, double[][] forged, RandomStream rng) {
        int h = half.length;
        int others = h - byzantine - 1;
        double[][] out = new double[1 + others + byzantine][];
        out[0] = half[i];
        int[] pick = rng.choice(h - 1, others, false);
        for (int k = 0; k < others; k++) {
            int j = pick[k] < i ? pick[k] : pick[k] + 1;
            out[1 + k] = half[j];
        }
        for (int b = 0; b < byzantine; b++) {
            out[1 + others + b] = forged[b];
        }
        return out;
    }

    private static void meanInto(double[][] rows, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (double[] r : rows) {
            for (int j = 0; j < out.length; j++) {
                out[j] += r[j] / rows.length;
            }
        }
    }

    /** The mean of the {@code keep} rows closest to {@code pivot}, ties by lower index (cva.py). */
    private static void nearestMean(double[][] rows, double[] pivot, int keep, double[] out) {
        int k = rows.length;
        double[] dist = new double[k];
        Integer[] order = new Integer[k];
        for (int r = 0; r < k; r++) {
            double s = 0;
            for (int j = 0; j < pivot.length; j++) {
                double dv = rows[r][j] - pivot[j];
                s += dv * dv;
            }
            dist[r] = Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
            order[r] = r;
        }
        java.util.Arrays.sort(order, (a, b) -> {
            int c = Double.compare(dist[a], dist[b]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        java.util.Arrays.fill(out, 0.0);
        for (int p = 0; p < keep; p++) {
            double[] r = rows[order[p]];
            for (int j = 0; j < out.length; j++) {
                out[j] += r[j] / keep;
            }
        }
    }

    /** The mean relative error {@code (1/h) sum_i ||x_i - x*|| / ||x*||} of the honest models. */
    public static double relativeError(double[][] honest, double[] optimum) {
        double norm = 0;
        for (double v : optimum) {
            norm += v * v;
        }
        norm = Math.sqrt(norm);
        double s = 0;
        for (double[] x : honest) {
            double q = 0;
            for (int j = 0; j < x.length; j++) {
                double dv = x[j] - optimum[j];
                q += dv * dv;
            }
            s += Math.sqrt(q) / norm;
        }
        return s / honest.length;
    }
}
