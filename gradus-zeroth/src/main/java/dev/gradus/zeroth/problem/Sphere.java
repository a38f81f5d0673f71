package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/** The sphere {@code f(x) = Σ z_i²}, {@code z = x − shift·𝟙}: convex, the sanity check (it shows nothing about global search). */
public final class Sphere extends TestFunction<Sphere> {

    /** Spec: {@code sphere(d=10, shift=1, bound=5)}. */
    public static final Descriptor<Sphere> SPEC = Descriptor.component("sphere", "objective", Sphere::new)
            .summary("sum of squares (convex)")
            .param(dimension(10)).param(shift(1)).param(bound(5)).build();

    private final double shift;

    /** From validated settings; use {@code Problems.parse("sphere(d=10)")}. */
    public Sphere(Hyperparams hp) {
        super(hp);
        this.shift = hp.number("shift");
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double z = x[i] - shift;
            s += z * z;
        }
        return s;
    }

    @Override
    public double[] minimizer() {
        return diagonal(shift);
    }
}
