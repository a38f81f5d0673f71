package dev.gradus.distributed.coding;

import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.SvdDecomposition;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * A gradient code (Tandon, Lei, Dimakis and Karampatziakis 2017): {@code n} workers, {@code n} data partitions,
 * any {@code s} stragglers tolerated. Worker {@code i} computes the partial gradients of the partitions in the
 * support of row {@code b_i} of the encoding matrix {@code B} ({@code n x n}) and sends
 * {@code sum_p B[i][p] g_p}. For a set {@code F} of at least {@code n - s} workers that arrived, the master solves
 * {@code a^T B_F = 1^T} and outputs {@code sum_{j in F} a_j m_j = sum_p g_p}. Each worker's load is
 * {@code (s + 1) / n} of the data.
 *
 * <ul>
 *   <li>{@link #fractionalRepetition}: {@code (s+1) | n}; group {@code j} of {@code s + 1} workers all hold
 *       partitions {@code j(s+1) .. (j+1)(s+1) - 1} and send their sum.</li>
 *   <li>{@link #cyclic}: worker {@code i} holds {@code i, i+1, .., i+s (mod n)}; with a random {@code H} in
 *       {@code R^{s x n}} whose rows sum to zero, {@code b_i[i] = 1} and the other support entries {@code x} solve
 *       {@code H[:, supp \ i] x = -H[:, i]}, so {@code B H^T = 0} and any {@code n - s} rows span {@code 1}.</li>
 * </ul>
 * Decoding is a least-squares solve by SVD; a residual of {@code a^T B_F - 1^T} above {@code 1e-8 sqrt(n)} (an
 * ill-conditioned {@code B_F}, or too few workers) is refused rather than returning a wrong sum.
 */
public final class GradientCode {
    private final double[][] b;
    private final int stragglers;
    private final String kind;

    private GradientCode(double[][] b, int stragglers, String kind) {
        this.b = b;
        this.stragglers = stragglers;
        this.kind = kind;
    }

    /** A code with the explicit encoding matrix {@code b} (rows: workers, columns: partitions) tolerating {@code s}. */
    public static GradientCode of(double[][] b, int s) {
        int n = b.length;
        for (double[] row : b) {
            if (row.length != n) {
                throw new IllegalArgumentException("GradientCode: the encoding matrix must be n x n, got a row of "
                        + row.length + " for n=" + n);
            }
        }
        requireStragglers(n, s);
        double[][] copy = new double[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = b[i].clone();
        }
        return new GradientCode(copy, s, "explicit");
    }

    /** The fractional repetition code for {@code n} workers and {@code s} stragglers; needs {@code (s+1) | n}. */
    public static GradientCode fractionalRepetition(int n, int s) {
        requireStragglers(n, s);
        if (n % (s + 1) != 0) {
            throw new IllegalArgumentException("fractional repetition: s + 1 = " + (s + 1) + " must divide n = " + n);
        }
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            int group = i / (s + 1);
            for (int p = group * (s + 1); p < (group + 1) * (s + 1); p++) {
                b[i][p] = 1.0;
            }
        }
        return new GradientCode(b, s, "fractional_repetition");
    }

    /** The cyclic repetition code for {@code n} workers and {@code s} stragglers, its {@code H} drawn from {@code rng}. */
    public static GradientCode cyclic(int n, int s, RandomStream rng) {
        requireStragglers(n, s);
        double[][] b = new double[n][n];
        if (s == 0) {
            for (int i = 0; i < n; i++) {
                b[i][i] = 1.0;
            }
            return new GradientCode(b, 0, "cyclic");
        }
        double[][] h = new double[s][n];
        for (int r = 0; r < s; r++) {
            double sum = 0;
            for (int c = 0; c < n - 1; c++) {
                h[r][c] = rng.normal();
                sum += h[r][c];
            }
            h[r][n - 1] = -sum;
        }
        for (int i = 0; i < n; i++) {
            b[i][i] = 1.0;
            double[] a = new double[s * s];
            double[] rhs = new double[s];
            for (int r = 0; r < s; r++) {
                for (int k = 0; k < s; k++) {
                    a[r * s + k] = h[r][(i + 1 + k) % n];
                }
                rhs[r] = -h[r][i];
            }
            double[] x = Linalg.solve(Tensor.of(a, s, s), Tensor.of(rhs, s, 1)).data();
            for (int k = 0; k < s; k++) {
                b[i][(i + 1 + k) % n] = x[k];
            }
        }
        return new GradientCode(b, s, "cyclic");
    }

    private static void requireStragglers(int n, int s) {
        if (n < 1 || s < 0 || s >= n) {
            throw new IllegalArgumentException("GradientCode: s=" + s + " stragglers must be in [0, n) for n=" + n);
        }
    }

    /** The number of workers (and partitions) {@code n}. */
    public int workers() {
        return b.length;
    }

    /** The stragglers tolerated, {@code s}. */
    public int stragglers() {
        return stragglers;
    }

    /** The share of the data each worker computes on: {@code (s + 1) / n}. */
    public double load() {
        return (stragglers + 1.0) / b.length;
    }

    /** {@code fractional_repetition}, {@code cyclic} or {@code explicit}. */
    public String kind() {
        return kind;
    }

    /** Worker {@code i}'s coefficient for each partition (a copy of row {@code i} of {@code B}). */
    public double[] coefficients(int worker) {
        return b[worker].clone();
    }

    /** The partitions worker {@code i} computes on (the support of its row), ascending. */
    public int[] partitions(int worker) {
        return java.util.stream.IntStream.range(0, b.length).filter(p -> b[worker][p] != 0).toArray();
    }

    /**
     * The decoding coefficients {@code a} for the workers {@code arrived} (ascending worker ids): {@code sum_j a_j
     * m_{arrived[j]}} is the sum of all partial gradients.
     *
     * @throws IllegalArgumentException when those workers cannot recover the sum (naming them)
     */
    public double[] decoder(int[] arrived) {
        int n = b.length;
        int k = arrived.length;
        if (k == 0) {
            throw new IllegalArgumentException("GradientCode: no worker arrived; nothing to decode");
        }
        double[] at = new double[n * k]; // B_F^T: n x k
        for (int j = 0; j < k; j++) {
            for (int p = 0; p < n; p++) {
                at[p * k + j] = b[arrived[j]][p];
            }
        }
        SvdDecomposition svd = Linalg.svd(Tensor.of(at, n, k));
        double[] sv = svd.s().data();
        int r = sv.length;
        double cutoff = sv[0] * 1e-12 * Math.max(n, k);
        double[] u = svd.u().data();
        double[] vt = svd.vt().data();
        double[] a = new double[k];
        for (int c = 0; c < r; c++) {
            if (sv[c] <= cutoff) {
                continue;
            }
            double ut1 = 0;
            for (int p = 0; p < n; p++) {
                ut1 += u[p * r + c];
            }
            double w = ut1 / sv[c];
            for (int j = 0; j < k; j++) {
                a[j] += vt[c * k + j] * w;
            }
        }
        double residual = 0;
        for (int p = 0; p < n; p++) {
            double s = -1;
            for (int j = 0; j < k; j++) {
                s += a[j] * at[p * k + j];
            }
            residual += s * s;
        }
        if (Math.sqrt(residual) > 1e-8 * Math.sqrt(n)) {
            throw new IllegalArgumentException("GradientCode: workers " + Arrays.toString(arrived)
                    + " cannot recover the full gradient (residual " + Math.sqrt(residual) + " of a^T B_F = 1^T)");
        }
        return a;
    }

    @Override
    public String toString() {
        return kind + "(n=" + b.length + ", s=" + stragglers + ")";
    }
}
