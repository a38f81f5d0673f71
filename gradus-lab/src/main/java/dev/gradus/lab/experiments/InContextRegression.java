package dev.gradus.lab.experiments;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * In-context linear regression, the task of the linear-self-attention papers (Mahankali, Hashimoto and Ma 2023;
 * von Oswald et al. 2023): each prompt draws its own weight vector {@code w}, then {@code n} context pairs
 * {@code (x_i, y_i = g(w^T x_i) + eps_i)} and a query {@code x_q}; the model must predict {@code y_q}.
 *
 * <p>Covariates are {@code x = A z} with {@code z} standard normal or uniform on {@code [-r, r]}, weights
 * {@code w = B z'} with {@code z'} standard normal; {@code A} and {@code B} are the roots of the covariance
 * matrices (null = identity). Tokens are {@code e_i = (x_i, y_i)} and {@code e_q = (x_q, 0)}, the query last.
 *
 * @param d the input dimension
 * @param n the number of context pairs
 * @param noise the standard deviation sigma of the response noise
 * @param xRoot {@code A} of {@code x = A z}, {@code [d, d]}, or null for the identity
 * @param wRoot {@code B} of {@code w = B z'}, {@code [d, d]}, or null for the identity
 * @param uniformRange r for {@code z ~ U(-r, r)^d}, or 0 for {@code z ~ N(0, I)}
 * @param relu true for the response {@code g(u) = sqrt(2) relu(u)}, false for {@code g(u) = u}
 */
record InContextRegression(int d, int n, double noise, Tensor xRoot, Tensor wRoot, double uniformRange,
                           boolean relu) {

    /**
     * A batch of prompts.
     *
     * @param tokens {@code [B, n + 1, d + 1]}, the query token last with a zero response
     * @param targets the query responses {@code y_q}, {@code [B]}
     * @param moment {@code (1/n) sum_i y_i x_i} per prompt, {@code [B, d]}: one GD step from 0 predicts
     *               {@code eta * moment . x_q}
     * @param queries {@code x_q} per prompt, {@code [B, d]}
     */
    record Batch(Tensor tokens, Tensor targets, Tensor moment, Tensor queries) {
        int size() {
            return targets.size();
        }

        /**
         * The same prompts with the n context tokens replaced by {@code D = d + 1} tokens that have the same second
         * moment {@code H = (1/n) sum_i e_i e_i^T}: {@code f_k = sqrt(D) L[:, k]} with {@code H = L L^T}
         * (Cholesky). A linear-attention query whose keys and values are the context sees the context only through
         * {@code H} ({@code sum_j (1/n) (e_j^T KQ e_q) PV e_j = PV H KQ e_q}), so its output is unchanged, and the
         * layer's cost per prompt drops from {@code (n+1)^2 D} to {@code (D+1)^2 D}.
         */
        Batch compressed() {
            int[] s = tokens.shape();
            int b = s[0];
            int t = s[1];
            int width = s[2];
            int n = t - 1;
            double[] in = tokens.data();
            double[] out = new double[b * (width + 1) * width];
            double[] h = new double[width * width];
            for (int p = 0; p < b; p++) {
                java.util.Arrays.fill(h, 0);
                for (int i = 0; i < n; i++) {
                    int row = (p * t + i) * width;
                    for (int r = 0; r < width; r++) {
                        double er = in[row + r] / n;
                        for (int c = 0; c <= r; c++) {
                            h[r * width + c] += er * in[row + c];
                        }
                    }
                }
                cholesky(h, width);
                double scale = Math.sqrt(width);
                int base = p * (width + 1) * width;
                for (int k = 0; k < width; k++) {
                    for (int r = 0; r < width; r++) {
                        out[base + k * width + r] = scale * h[r * width + k];
                    }
                }
                System.arraycopy(in, (p * t + n) * width, out, base + width * width, width);
            }
            return new Batch(Tensor.of(out, b, width + 1, width), targets, moment, queries);
        }

        /** In place: the lower triangle of {@code a} (symmetric positive definite) becomes L, the rest 0. */
        private static void cholesky(double[] a, int m) {
            for (int j = 0; j < m; j++) {
                double diag = a[j * m + j];
                for (int k = 0; k < j; k++) {
                    diag -= a[j * m + k] * a[j * m + k];
                }
                if (!(diag > 0)) {
                    throw new IllegalStateException("in-context regression: the context second moment is not "
                            + "positive definite (n < d + 1 or a degenerate prompt); cannot compress it");
                }
                double ljj = Math.sqrt(diag);
                a[j * m + j] = ljj;
                for (int i = j + 1; i < m; i++) {
                    double v = a[i * m + j];
                    for (int k = 0; k < j; k++) {
                        v -= a[i * m + k] * a[j * m + k];
                    }
                    a[i * m + j] = v / ljj;
                }
                for (int c = j + 1; c < m; c++) {
                    a[j * m + c] = 0;
                }
            }
        }
    }

    /** Isotropic Gaussian covariates and weights, linear response. */
    static InContextRegression isotropic(int d, int n, double noise) {
        return new InContextRegression(d, n, noise, null, null, 0, false);
    }

    /** Draws {@code batch} independent prompts. */
    Batch sample(int batch, RandomStream rng) {
        int t = n + 1;
        int width = d + 1;
        double[] tokens = new double[batch * t * width];
        double[] targets = new double[batch];
        double[] moment = new double[batch * d];
        double[] queries = new double[batch * d];
        // All Gaussian draws of the batch at once: w, then per token x (when Gaussian) and the noise.
        double[] g = normals(batch * (d + t * ((uniformRange > 0 ? 0 : d) + 1)), rng);
        int next = 0;
        double[] z = new double[d];
        double[] w = new double[d];
        double[] x = new double[d];
        double[] a = xRoot == null ? null : xRoot.data();
        double[] b = wRoot == null ? null : wRoot.data();
        for (int p = 0; p < batch; p++) {
            System.arraycopy(g, next, z, 0, d);
            next += d;
            transform(b, z, w);
            for (int i = 0; i < t; i++) {
                for (int k = 0; k < d; k++) {
                    z[k] = uniformRange > 0 ? rng.uniform(-uniformRange, uniformRange) : g[next++];
                }
                transform(a, z, x);
                double u = 0;
                for (int k = 0; k < d; k++) {
                    u += w[k] * x[k];
                }
                double y = (relu ? Math.sqrt(2) * Math.max(u, 0) : u) + noise * g[next++];
                int row = (p * t + i) * width;
                System.arraycopy(x, 0, tokens, row, d);
                if (i < n) {
                    tokens[row + d] = y;
                    for (int k = 0; k < d; k++) {
                        moment[p * d + k] += y * x[k] / n;
                    }
                } else {
                    targets[p] = y;
                    System.arraycopy(x, 0, queries, p * d, d);
                }
            }
        }
        return new Batch(Tensor.of(tokens, batch, t, width), Tensor.of(targets, batch), Tensor.of(moment, batch, d),
                Tensor.of(queries, batch, d));
    }

    /**
     * {@code count} standard normal draws by Marsaglia's polar method on the stream's uniforms. Written here
     * rather than calling {@link RandomStream#normal()} because the training loop draws about 10^5 normals per
     * step and the polar method needs one logarithm per pair instead of a logarithm and a cosine per draw (it
     * was the larger part of a training step's time).
     */
    static double[] normals(int count, RandomStream rng) {
        double[] out = new double[count];
        for (int i = 0; i < count; i += 2) {
            double u;
            double v;
            double s;
            do {
                u = 2 * rng.uniform() - 1;
                v = 2 * rng.uniform() - 1;
                s = u * u + v * v;
            } while (s >= 1 || s == 0);
            double f = Math.sqrt(-2 * StrictMath.log(s) / s);
            out[i] = u * f;
            if (i + 1 < count) {
                out[i + 1] = v * f;
            }
        }
        return out;
    }

    /** {@code out = m z}, or a copy of {@code z} when {@code m} is null (the identity). */
    private void transform(double[] m, double[] z, double[] out) {
        if (m == null) {
            System.arraycopy(z, 0, out, 0, d);
            return;
        }
        for (int r = 0; r < d; r++) {
            double s = 0;
            for (int c = 0; c < d; c++) {
                s += m[r * d + c] * z[c];
            }
            out[r] = s;
        }
    }

    /**
     * Predictions of one preconditioned GD step from {@code w = 0} on the context loss
     * {@code (1/2n) sum_i (w^T x_i - y_i)^2}: {@code y = moment^T Gamma x_q}, {@code [B]}.
     */
    static Tensor gdPredictions(Batch batch, Tensor gamma) {
        int bs = batch.size();
        return batch.moment().matmul(gamma).mul(batch.queries()).sum(1, false).reshape(bs);
    }

    /** Half the mean squared error, the loss of the papers. */
    static double halfMse(Tensor predictions, Tensor targets) {
        return 0.5 * predictions.sub(targets).square().mean();
    }
}
