package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.Box;

/**
 * DTLZ2 with {@code m} objectives on {@code [0, 1]^n}, {@code n = m + k − 1} (Deb, Thiele, Laumanns and Zitzler,
 * "Scalable Test Problems for Evolutionary Multiobjective Optimization", 2005):
 * <pre>
 *   g = Σ_{i ≥ m} (x_i − ½)²                                 (the last k variables)
 *   f_1 = (1 + g) cos(x_1 π/2) ··· cos(x_{m−1} π/2)
 *   f_j = (1 + g) cos(x_1 π/2) ··· cos(x_{m−j} π/2) sin(x_{m−j+1} π/2)
 *   f_m = (1 + g) sin(x_1 π/2)
 * </pre>
 * The front is the unit sphere's positive orthant ({@code g = 0}); reference point 1.1·𝟙.
 */
public final class Dtlz2 extends Configured<Dtlz2> implements MultiObjectiveProblem {

    /** Spec: {@code dtlz2(m=3, k=10)}. */
    public static final Descriptor<Dtlz2> SPEC = Descriptor.component("dtlz2", "objective", Dtlz2::new)
            .summary("spherical front in m objectives")
            .reference("Deb, Thiele, Laumanns, Zitzler 2005")
            .param(Param.integer("m", 3L, "number of objectives").range(Range.atLeast(2)))
            .param(Param.integer("k", 10L, "number of distance variables").range(Range.atLeast(1)))
            .build();

    private final int m;
    private final int n;
    private final Box box;

    /** From validated settings; use {@code Problems.parse("dtlz2(m=3)")}. */
    public Dtlz2(Hyperparams hp) {
        super(hp);
        this.m = Math.toIntExact(hp.integer("m"));
        this.n = m + Math.toIntExact(hp.integer("k")) - 1;
        this.box = Box.cube(n, 0, 1);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public int objectives() {
        return m;
    }

    @Override
    public Box box() {
        return box;
    }

    @Override
    public void evaluate(double[] x, double[] out) {
        double g = 0;
        for (int i = m - 1; i < n; i++) {
            double t = x[i] - 0.5;
            g += t * t;
        }
        for (int j = 0; j < m; j++) {
            double f = 1 + g;
            for (int i = 0; i < m - 1 - j; i++) {
                f *= StrictMath.cos(x[i] * Math.PI / 2);
            }
            if (j > 0) {
                f *= StrictMath.sin(x[m - 1 - j] * Math.PI / 2);
            }
            out[j] = f;
        }
    }

    @Override
    public double[] referencePoint() {
        double[] r = new double[m];
        java.util.Arrays.fill(r, 1.1);
        return r;
    }

    /** Points of the front from a grid of the first {@code m − 1} variables (about {@code points} of them). */
    @Override
    public Tensor front(int points) {
        int side = Math.max(2, (int) Math.round(Math.pow(points, 1.0 / (m - 1))));
        int total = (int) Math.pow(side, m - 1);
        double[] out = new double[total * m];
        double[] x = new double[n];
        double[] f = new double[m];
        java.util.Arrays.fill(x, 0.5);
        for (int k = 0; k < total; k++) {
            int rest = k;
            for (int i = 0; i < m - 1; i++) {
                x[i] = (double) (rest % side) / (side - 1);
                rest /= side;
            }
            evaluate(x, f);
            System.arraycopy(f, 0, out, k * m, m);
        }
        return Tensor.of(out, total, m);
    }
}
