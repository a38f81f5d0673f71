package dev.gradus.optim.linear;

import dev.gradus.tensor.RandomStream;

/**
 * The 2-D Poisson matrix: the 5-point Laplacian on the {@code n × n} interior points of a uniform grid with
 * Dirichlet boundaries, without the {@code 1/h^2} factor,
 * <pre>
 *   (A x)_{i,j} = 4 x_{i,j} - x_{i-1,j} - x_{i+1,j} - x_{i,j-1} - x_{i,j+1}     (x = 0 outside the grid)
 * </pre>
 * with the unknowns in row-major order. It is SPD with eigenvectors {@code sin(pi p i/(n+1)) sin(pi q j/(n+1))} and
 * eigenvalues {@code 4 sin^2(pi p / (2(n+1))) + 4 sin^2(pi q / (2(n+1)))}, {@code p, q = 1..n}
 * ({@link #eigenvalue}).
 */
public final class Poisson2d implements LinearOperator {
    private final int n;

    /** The operator on an {@code n × n} grid of unknowns. */
    public Poisson2d(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Poisson2d: grid size must be at least 1, got " + n);
        }
        this.n = n;
    }

    /** The grid's side {@code n}. */
    public int grid() {
        return n;
    }

    @Override
    public int size() {
        return n * n;
    }

    @Override
    public void apply(double[] x, double[] out) {
        if (x.length != n * n || out.length != n * n) {
            throw new IllegalArgumentException("Poisson2d.apply: vectors must have length " + n * n + ", got "
                    + x.length + " and " + out.length);
        }
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = 0; j < n; j++) {
                int k = row + j;
                double v = 4 * x[k];
                if (i > 0) {
                    v -= x[k - n];
                }
                if (i < n - 1) {
                    v -= x[k + n];
                }
                if (j > 0) {
                    v -= x[k - 1];
                }
                if (j < n - 1) {
                    v -= x[k + 1];
                }
                out[k] = v;
            }
        }
    }

    /**
     * A random vector {@code v = sum_{p,q} c_{p,q} phi_{p,q}} in the (unnormalised sine) eigenbasis, with
     * {@code c_{p,q} ~ N(0, 1)} multiplied by {@code lowWeight} for the modes in the lower half of the spectrum
     * (eigenvalue below the median {@code 4}); DCDM's training vectors are dominated by low frequencies this way.
     * Computed as {@code S C S} with {@code S_{i,p} = sin(pi (i+1) (p+1) / (n+1))}.
     */
    public double[] spectralSample(RandomStream rng, double lowWeight) {
        double[] c = new double[n * n];
        for (int p = 0; p < n; p++) {
            for (int q = 0; q < n; q++) {
                double w = eigenvalue(p + 1, q + 1) < 4 ? lowWeight : 1;
                c[p * n + q] = w * rng.normal();
            }
        }
        double[] sines = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                sines[i * n + p] = Math.sin(Math.PI * (i + 1) * (p + 1) / (n + 1));
            }
        }
        double[] tmp = new double[n * n]; // S C
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                double s = sines[i * n + p];
                for (int q = 0; q < n; q++) {
                    tmp[i * n + q] += s * c[p * n + q];
                }
            }
        }
        double[] v = new double[n * n]; // (S C) S, S symmetric
        for (int i = 0; i < n; i++) {
            for (int q = 0; q < n; q++) {
                double t = tmp[i * n + q];
                for (int j = 0; j < n; j++) {
                    v[i * n + j] += t * sines[q * n + j];
                }
            }
        }
        return v;
    }

    /** The eigenvalue of mode {@code (p, q)}, {@code 1 <= p, q <= n}. */
    public double eigenvalue(int p, int q) {
        if (p < 1 || p > n || q < 1 || q > n) {
            throw new IllegalArgumentException("Poisson2d.eigenvalue: modes must be in [1, " + n + "], got (" + p
                    + ", " + q + ")");
        }
        double a = Math.sin(Math.PI * p / (2.0 * (n + 1)));
        double b = Math.sin(Math.PI * q / (2.0 * (n + 1)));
        return 4 * (a * a + b * b);
    }
}
