package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.moo.NonDominatedSort;

/**
 * The bi-objective problems ZDT1, ZDT2 and ZDT3 on {@code [0, 1]^n} (Zitzler, Deb and Thiele, "Comparison of
 * Multiobjective Evolutionary Algorithms: Empirical Results", Evol. Comput. 8(2), 2000):
 * <pre>
 *   f₁ = x₁,   g = 1 + 9 Σ_{i≥2} x_i / (n − 1),   f₂ = g · h(f₁, g)
 *   ZDT1: h = 1 − √(f₁/g)                    (convex front f₂ = 1 − √f₁)
 *   ZDT2: h = 1 − (f₁/g)²                    (concave front f₂ = 1 − f₁²)
 *   ZDT3: h = 1 − √(f₁/g) − (f₁/g) sin(10π f₁)  (five disconnected pieces)
 * </pre>
 * The front is reached at {@code g = 1} ({@code x₂ = ... = x_n = 0}). Reference point for the hypervolume:
 * (1.1, 1.1) for ZDT1 and ZDT2, (1.1, 1.1) for ZDT3 too (its f₂ lies in [−0.774, 1]).
 */
public final class Zdt extends Configured<Zdt> implements MultiObjectiveProblem {

    /** Spec: {@code zdt1(n=30)}. */
    public static final Descriptor<Zdt> ZDT1 = spec("zdt1", 1, "convex bi-objective front");
    /** Spec: {@code zdt2(n=30)}. */
    public static final Descriptor<Zdt> ZDT2 = spec("zdt2", 2, "concave bi-objective front");
    /** Spec: {@code zdt3(n=30)}. */
    public static final Descriptor<Zdt> ZDT3 = spec("zdt3", 3, "disconnected bi-objective front");

    private static Descriptor<Zdt> spec(String name, int variant, String summary) {
        return Descriptor.component(name, "objective", hp -> new Zdt(hp, variant))
                .summary(summary)
                .reference("Zitzler, Deb, Thiele, Evol. Comput. 2000")
                .param(Param.integer("n", 30L, "number of variables").range(Range.atLeast(2)))
                .build();
    }

    private final int variant;
    private final int n;
    private final Box box;

    private Zdt(Hyperparams hp, int variant) {
        super(hp);
        this.variant = variant;
        this.n = Math.toIntExact(hp.integer("n"));
        this.box = Box.cube(n, 0, 1);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public int objectives() {
        return 2;
    }

    @Override
    public Box box() {
        return box;
    }

    @Override
    public void evaluate(double[] x, double[] out) {
        double f1 = x[0];
        double s = 0;
        for (int i = 1; i < n; i++) {
            s += x[i];
        }
        double g = 1 + 9 * s / (n - 1);
        out[0] = f1;
        out[1] = g * h(f1, g);
    }

    private double h(double f1, double g) {
        double r = f1 / g;
        return switch (variant) {
            case 1 -> 1 - StrictMath.sqrt(r);
            case 2 -> 1 - r * r;
            default -> 1 - StrictMath.sqrt(r) - r * StrictMath.sin(10 * Math.PI * f1);
        };
    }

    @Override
    public double[] referencePoint() {
        return new double[] {1.1, 1.1};
    }

    /** The front sampled at {@code points} equally spaced f₁ (for ZDT3, only its non-dominated part). */
    @Override
    public Tensor front(int points) {
        double[] f = new double[2 * points];
        for (int k = 0; k < points; k++) {
            double f1 = points == 1 ? 0 : (double) k / (points - 1);
            f[2 * k] = f1;
            f[2 * k + 1] = h(f1, 1);
        }
        Tensor all = Tensor.of(f, points, 2);
        if (variant != 3) {
            return all;
        }
        int[] first = NonDominatedSort.firstFront(all);
        double[] out = new double[2 * first.length];
        for (int k = 0; k < first.length; k++) {
            out[2 * k] = f[2 * first[k]];
            out[2 * k + 1] = f[2 * first[k] + 1];
        }
        return Tensor.of(out, first.length, 2);
    }
}
