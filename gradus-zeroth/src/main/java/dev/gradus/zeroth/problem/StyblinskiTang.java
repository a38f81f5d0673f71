package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/**
 * The Styblinski-Tang function {@code f(x) = ½ Σ (z_i⁴ − 16 z_i² + 5 z_i) + c·d}, {@code z = x − shift·𝟙}, with the
 * constant {@code c = 39.16616570377142} so that the minimum is 0 (not the usual −39.166·d). Each coordinate has a
 * local minimum near 2.7468 and the global one at {@code z* = −2.903534027771177}, so the minimiser is off-centre even
 * without a shift.
 */
public final class StyblinskiTang extends TestFunction<StyblinskiTang> {

    /** The coordinate of the one-dimensional global minimiser, the root of {@code 4z³ − 32z + 5 = 0} near −2.9. */
    public static final double Z_STAR = -2.903534027771177;
    private static final double OFFSET = -0.5 * (Z_STAR * Z_STAR * Z_STAR * Z_STAR - 16 * Z_STAR * Z_STAR + 5 * Z_STAR);

    /** Spec: {@code styblinski_tang(d=10, shift=0, bound=5)}. */
    public static final Descriptor<StyblinskiTang> SPEC = Descriptor.component("styblinski_tang", "objective",
                    StyblinskiTang::new)
            .summary("one deceptive local minimum per coordinate; minimum 0 at (shift − 2.9035)·(1, ..., 1)")
            .param(dimension(10)).param(shift(0)).param(bound(5)).build();

    private final double shift;

    /** From validated settings; use {@code Problems.parse("styblinski_tang(d=10)")}. */
    public StyblinskiTang(Hyperparams hp) {
        super(hp);
        this.shift = hp.number("shift");
    }

    @Override
    public double value(double[] x) {
        double s = 0;
        for (int i = 0; i < d; i++) {
            double z = x[i] - shift;
            double z2 = z * z;
            s += z2 * z2 - 16 * z2 + 5 * z;
        }
        return 0.5 * s + OFFSET * d;
    }

    @Override
    public double[] minimizer() {
        return diagonal(shift + Z_STAR);
    }
}
