package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/**
 * Rosenbrock's valley {@code f(x) = Σ_{i<d} 100 (x_{i+1} − x_i²)² + (1 − x_i)²}, minimum 0 at {@code 𝟙} (already off
 * the centre of the box, so it takes no shift).
 */
public final class Rosenbrock extends TestFunction<Rosenbrock> {

    /** Spec: {@code rosenbrock(d=10, bound=5)}. */
    public static final Descriptor<Rosenbrock> SPEC = Descriptor.component("rosenbrock", "objective", Rosenbrock::new)
            .summary("Rosenbrock's curved valley, minimum at (1, ..., 1)")
            .param(dimension(10)).param(bound(5)).build();

    /** From validated settings; use {@code Problems.parse("rosenbrock(d=20)")}. */
    public Rosenbrock(Hyperparams hp) {
        super(hp);
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (int i = 0; i + 1 < d; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            s += 100 * a * a + b * b;
        }
        return s;
    }

    @Override
    public double[] minimizer() {
        return diagonal(1);
    }
}
