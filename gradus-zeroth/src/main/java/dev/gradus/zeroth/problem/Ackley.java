package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/**
 * Ackley's function {@code f(x) = −20 exp(−0.2 √(Σ z_i²/d)) − exp(Σ cos(2π z_i)/d) + 20 + e}, {@code z = x − shift·𝟙}:
 * a nearly flat outer region with a deep funnel, minimum 0 at {@code shift·𝟙}.
 */
public final class Ackley extends TestFunction<Ackley> {

    /** Spec: {@code ackley(d=10, shift=1, bound=32.768)}. */
    public static final Descriptor<Ackley> SPEC = Descriptor.component("ackley", "objective", Ackley::new)
            .summary("flat outside, one deep funnel; minimum 0 at shift·(1, ..., 1)")
            .param(dimension(10)).param(shift(1)).param(bound(32.768)).build();

    private final double shift;

    /** From validated settings; use {@code Problems.parse("ackley(d=10)")}. */
    public Ackley(Hyperparams hp) {
        super(hp);
        this.shift = hp.number("shift");
    }

    @Override
    public double value(double[] x) {
        double sq = 0;
        double cs = 0;
        for (int i = 0; i < d; i++) {
            double z = x[i] - shift;
            sq += z * z;
            cs += StrictMath.cos(2 * Math.PI * z);
        }
        return -20 * StrictMath.exp(-0.2 * StrictMath.sqrt(sq / d)) - StrictMath.exp(cs / d) + 20 + Math.E;
    }

    @Override
    public double[] minimizer() {
        return diagonal(shift);
    }
}
