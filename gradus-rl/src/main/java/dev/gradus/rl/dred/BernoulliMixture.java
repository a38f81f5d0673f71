package dev.gradus.rl.dred;

import dev.gradus.rl.env.MazeLevel;
import dev.gradus.tensor.RandomStream;

/**
 * The small generative level model of DRED-lite (06-rl.md §5): a mixture of K product-Bernoulli distributions over a
 * level's wall bitmask, fitted to the given training levels by EM, with start and goal cells drawn from the training
 * levels' (smoothed) frequencies. Sampling draws a component, then every wall bit, then start and goal among the open
 * cells, and retries until the level is solvable, so generated levels stay close to the data (no distribution shift
 * of unsupervised environment design) yet are new.
 * <pre>
 *   p(x) = Σ_k π_k Π_i μ_ki^{x_i} (1 − μ_ki)^{1 − x_i}
 *   E: r_nk ∝ π_k p_k(x_n);   M: π_k = mean_n r_nk,  μ_ki = (Σ_n r_nk x_ni + 1) / (Σ_n r_nk + 2)   (Laplace smoothing)
 * </pre>
 */
public final class BernoulliMixture {
    private final int rows;
    private final int cols;
    private final double[] weights;
    private final double[][] means;
    private final double[] startFreq;
    private final double[] goalFreq;

    private BernoulliMixture(int rows, int cols, double[] weights, double[][] means, double[] startFreq,
            double[] goalFreq) {
        this.rows = rows;
        this.cols = cols;
        this.weights = weights;
        this.means = means;
        this.startFreq = startFreq;
        this.goalFreq = goalFreq;
    }

    /** Fits {@code k} components to {@code levels} (all of one size) by {@code iterations} EM iterations. */
    public static BernoulliMixture fit(MazeLevel[] levels, int k, int iterations, RandomStream rng) {
        if (levels.length == 0 || k < 1) {
            throw new IllegalArgumentException("bernoulli mixture: needs levels and k >= 1, got " + levels.length
                    + " levels, k = " + k);
        }
        int rows = levels[0].rows();
        int cols = levels[0].cols();
        int d = rows * cols;
        int n = levels.length;
        double[][] x = new double[n][d];
        double[] startFreq = new double[d];
        double[] goalFreq = new double[d];
        java.util.Arrays.fill(startFreq, 0.5);
        java.util.Arrays.fill(goalFreq, 0.5);
        for (int j = 0; j < n; j++) {
            if (levels[j].rows() != rows || levels[j].cols() != cols) {
                throw new IllegalArgumentException("bernoulli mixture: levels differ in size");
            }
            boolean[] w = levels[j].walls();
            for (int i = 0; i < d; i++) {
                x[j][i] = w[i] ? 1 : 0;
            }
            startFreq[levels[j].start()]++;
            goalFreq[levels[j].goal()]++;
        }
        double[] pi = new double[k];
        double[][] mu = new double[k][d];
        java.util.Arrays.fill(pi, 1.0 / k);
        for (int c = 0; c < k; c++) {
            double[] seed = x[rng.nextInt(n)];
            for (int i = 0; i < d; i++) {
                mu[c][i] = 0.25 + 0.5 * seed[i];
            }
        }
        double[][] resp = new double[n][k];
        for (int it = 0; it < iterations; it++) {
            for (int j = 0; j < n; j++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < k; c++) {
                    double ll = Math.log(pi[c]);
                    for (int i = 0; i < d; i++) {
                        ll += x[j][i] > 0 ? Math.log(mu[c][i]) : Math.log(1 - mu[c][i]);
                    }
                    resp[j][c] = ll;
                    max = Math.max(max, ll);
                }
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    resp[j][c] = Math.exp(resp[j][c] - max);
                    sum += resp[j][c];
                }
                for (int c = 0; c < k; c++) {
                    resp[j][c] /= sum;
                }
            }
            for (int c = 0; c < k; c++) {
                double nk = 0;
                double[] s = new double[d];
                for (int j = 0; j < n; j++) {
                    nk += resp[j][c];
                    for (int i = 0; i < d; i++) {
                        s[i] += resp[j][c] * x[j][i];
                    }
                }
                pi[c] = Math.max(nk / n, 1e-12);
                for (int i = 0; i < d; i++) {
                    mu[c][i] = (s[i] + 1) / (nk + 2);
                }
            }
        }
        return new BernoulliMixture(rows, cols, pi, mu, startFreq, goalFreq);
    }

    /** The mixture weights π_k (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** The mean log-likelihood of the levels' wall bitmasks under the mixture (nats per level). */
    public double logLikelihood(MazeLevel[] levels) {
        double total = 0;
        for (MazeLevel l : levels) {
            boolean[] w = l.walls();
            double max = Double.NEGATIVE_INFINITY;
            double[] ll = new double[weights.length];
            for (int c = 0; c < weights.length; c++) {
                ll[c] = Math.log(weights[c]);
                for (int i = 0; i < w.length; i++) {
                    ll[c] += w[i] ? Math.log(means[c][i]) : Math.log(1 - means[c][i]);
                }
                max = Math.max(max, ll[c]);
            }
            double s = 0;
            for (double v : ll) {
                s += Math.exp(v - max);
            }
            total += max + Math.log(s);
        }
        return total / levels.length;
    }

    private static int draw(double[] w, boolean[] allowed, RandomStream rng) {
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            if (allowed == null || allowed[i]) {
                sum += w[i];
            }
        }
        double u = rng.uniform() * sum;
        int last = -1;
        for (int i = 0; i < w.length; i++) {
            if (allowed == null || allowed[i]) {
                last = i;
                u -= w[i];
                if (u < 0) {
                    return i;
                }
            }
        }
        return last;
    }

    /** A new solvable level from the model. */
    public MazeLevel sample(RandomStream rng) {
        int d = rows * cols;
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int c = draw(weights, null, rng);
            boolean[] walls = new boolean[d];
            boolean[] open = new boolean[d];
            int nOpen = 0;
            for (int i = 0; i < d; i++) {
                walls[i] = rng.uniform() < means[c][i];
                open[i] = !walls[i];
                if (open[i]) {
                    nOpen++;
                }
            }
            if (nOpen < 2) {
                continue;
            }
            int start = draw(startFreq, open, rng);
            open[start] = false;
            int goal = draw(goalFreq, open, rng);
            MazeLevel l = new MazeLevel(rows, cols, walls, start, goal);
            if (l.solvable()) {
                return l;
            }
        }
        throw new IllegalStateException("bernoulli mixture: no solvable level in 10000 draws");
    }
}
