package dev.gradus.optim.linear;

import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.Tensor;

/**
 * A learned linear stencil on an {@code n × n} grid as a {@link DirectionModel}: a one-layer linear convolution
 * with a {@code (2m+1) × (2m+1)} kernel, zero padding and no bias,
 * <pre>
 *   f(r)_{i,j} = sum_{a,b = -m..m} w_{a,b} r_{i+a, j+b}      (r = 0 outside the grid)
 * </pre>
 * {@link #fit} trains it on DCDM's unsupervised loss (Kaneda et al., ICML 2023, section 3),
 * {@code sum_v min_s ||v - s A f(v)||^2}: since {@code f} is linear in {@code w}, the scale is absorbed into
 * {@code w} and the loss is a linear least-squares problem in the {@code (2m+1)^2} weights, solved exactly through
 * its normal equations. The paper trains a multiscale CNN by Adam on the same loss; a local stencil is a
 * smaller, size-dependent stand-in.
 */
public final class Stencil2d implements DirectionModel {
    private final int n;
    private final int radius;
    private final double[] weights; // [(2m+1)^2], row-major by (a, b)

    /** The stencil with the given weights ({@code (2 radius + 1)^2}, row-major) on an {@code n × n} grid. */
    public Stencil2d(int n, int radius, double[] weights) {
        if (n < 1 || radius < 0) {
            throw new IllegalArgumentException("Stencil2d: grid must be >= 1 and radius >= 0, got " + n + ", "
                    + radius);
        }
        int side = 2 * radius + 1;
        if (weights == null || weights.length != side * side) {
            throw new IllegalArgumentException("Stencil2d: need " + side * side + " weights for radius " + radius
                    + ", got " + (weights == null ? "null" : weights.length));
        }
        this.n = n;
        this.radius = radius;
        this.weights = weights.clone();
    }

    /** The kernel weights, row-major (a copy). */
    public double[] weights() {
        return weights.clone();
    }

    /** The kernel radius {@code m}. */
    public int radius() {
        return radius;
    }

    @Override
    public void direction(double[] r, double[] out) {
        if (r.length != n * n || out.length != n * n) {
            throw new IllegalArgumentException("Stencil2d.direction: vectors must have length " + n * n);
        }
        java.util.Arrays.fill(out, 0);
        int side = 2 * radius + 1;
        for (int a = -radius; a <= radius; a++) {
            for (int b = -radius; b <= radius; b++) {
                shiftAdd(r, out, a, b, weights[(a + radius) * side + b + radius]);
            }
        }
    }

    /** {@code out[i, j] += w r[i + a, j + b]} where the shifted index is on the grid. */
    private void shiftAdd(double[] r, double[] out, int a, int b, double w) {
        int i0 = Math.max(0, -a);
        int i1 = Math.min(n, n - a);
        int j0 = Math.max(0, -b);
        int j1 = Math.min(n, n - b);
        for (int i = i0; i < i1; i++) {
            int o = i * n;
            int s = (i + a) * n + b;
            for (int j = j0; j < j1; j++) {
                out[o + j] += w * r[s + j];
            }
        }
    }

    /**
     * The stencil of radius {@code radius} on an {@code n × n} grid that minimises
     * {@code sum_v ||v - A f(v)||^2} over the training vectors {@code vectors} (each of length {@code n^2}).
     */
    public static Stencil2d fit(LinearOperator a, int n, int radius, double[][] vectors) {
        if (a.size() != n * n) {
            throw new IllegalArgumentException("Stencil2d.fit: operator size " + a.size() + " is not " + n + "^2");
        }
        if (vectors.length == 0) {
            throw new IllegalArgumentException("Stencil2d.fit: need at least one training vector");
        }
        int side = 2 * radius + 1;
        int m = side * side;
        int len = n * n;
        Stencil2d probe = new Stencil2d(n, radius, new double[m]);
        double[] gram = new double[m * m];
        double[] rhs = new double[m];
        double[][] columns = new double[m][len]; // column k: A (shift_k v)
        double[] shifted = new double[len];
        for (double[] v : vectors) {
            if (v.length != len) {
                throw new IllegalArgumentException("Stencil2d.fit: training vectors must have length " + len
                        + ", got " + v.length);
            }
            for (int k = 0; k < m; k++) {
                java.util.Arrays.fill(shifted, 0);
                probe.shiftAdd(v, shifted, k / side - radius, k % side - radius, 1.0);
                a.apply(shifted, columns[k]);
            }
            for (int k = 0; k < m; k++) {
                rhs[k] += Vectors.dot(columns[k], v);
                for (int l = 0; l <= k; l++) {
                    double g = Vectors.dot(columns[k], columns[l]);
                    gram[k * m + l] += g;
                    if (l != k) {
                        gram[l * m + k] += g;
                    }
                }
            }
        }
        double[] w = Linalg.choleskySolve(Tensor.of(gram, m, m), Tensor.of(rhs, m, 1)).data();
        return new Stencil2d(n, radius, w);
    }
}
