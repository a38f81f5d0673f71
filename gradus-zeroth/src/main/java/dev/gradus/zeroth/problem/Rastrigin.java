package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/**
 * Rastrigin's function {@code f(x) = 10 d + Σ (z_i² − 10 cos 2π z_i)}, {@code z = x − shift·𝟙}: a lattice of local
 * minima around one global minimum 0 at {@code shift·𝟙} (the CBO study's setting, 04-derivative-free §1).
 */
public final class Rastrigin extends TestFunction<Rastrigin> {

    /** Spec: {@code rastrigin(d=10, shift=1, bound=5.12)}. */
    public static final Descriptor<Rastrigin> SPEC = Descriptor.component("rastrigin", "objective", Rastrigin::new)
            .summary("highly multimodal, minimum 0 at shift·(1, ..., 1)")
            .param(dimension(10)).param(shift(1)).param(bound(5.12)).build();

    private final double shift;

    /** From validated settings; use {@code Problems.parse("rastrigin(d=10)")}. */
    public Rastrigin(Hyperparams hp) {
        super(hp);
        this.shift = hp.number("shift");
    }

    @Override
    public double value(double[] x) {
        double s = 10.0 * d;
        for (int i = 0; i < d; i++) {
            double z = x[i] - shift;
            s += z * z - 10 * StrictMath.cos(2 * Math.PI * z);
        }
        return s;
    }

    @Override
    public double[] minimizer() {
        return diagonal(shift);
    }
}
