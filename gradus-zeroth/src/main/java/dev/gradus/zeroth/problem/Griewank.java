package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/**
 * Griewank's function {@code f(x) = 1 + Σ z_i²/4000 − Π cos(z_i/√i)} (i from 1), {@code z = x − shift·𝟙}: a wide bowl
 * with a product of ripples, minimum 0 at {@code shift·𝟙}.
 */
public final class Griewank extends TestFunction<Griewank> {

    /** Spec: {@code griewank(d=10, shift=1, bound=600)}. */
    public static final Descriptor<Griewank> SPEC = Descriptor.component("griewank", "objective", Griewank::new)
            .summary("bowl with coupled ripples; minimum 0 at shift·(1, ..., 1)")
            .param(dimension(10)).param(shift(1)).param(bound(600)).build();

    private final double shift;

    /** From validated settings; use {@code Problems.parse("griewank(d=10)")}. */
    public Griewank(Hyperparams hp) {
        super(hp);
        this.shift = hp.number("shift");
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        double p = 1;
        for (int i = 0; i < d; i++) {
            double z = x[i] - shift;
            s += z * z;
            p *= StrictMath.cos(z / StrictMath.sqrt(i + 1));
        }
        return 1 + s / 4000 - p;
    }

    @Override
    public double[] minimizer() {
        return diagonal(shift);
    }
}
