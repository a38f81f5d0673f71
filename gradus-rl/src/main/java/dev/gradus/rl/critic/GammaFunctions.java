package dev.gradus.rl.critic;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * log Γ, the digamma ψ = (log Γ)′ and the trigamma ψ′, on doubles and as autodiff ops (log Γ's derivative is ψ,
 * whose derivative is ψ′; ψ′ is differentiable no further), for the generalized-Gaussian likelihood's normaliser.
 * log Γ by the Lanczos approximation (g = 7, 9 terms; relative error about 1e-15) with the reflection formula
 * below 0.5; ψ and ψ′ by recurrence up to x ≥ 12, then their asymptotic series.
 */
public final class GammaFunctions {
    private static final double[] LANCZOS = {0.99999999999980993, 676.5203681218851, -1259.1392167224028,
        771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    private GammaFunctions() {}

    /** log Γ(x) for x &gt; 0. */
    public static double lgamma(double x) {
        if (!(x > 0)) {
            throw new IllegalArgumentException("lgamma: needs x > 0, got " + x);
        }
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
        }
        double z = x - 1;
        double a = LANCZOS[0];
        double t = z + 7.5;
        for (int i = 1; i < 9; i++) {
            a += LANCZOS[i] / (z + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
    }

    /** ψ(x) = d/dx log Γ(x), for x &gt; 0. */
    public static double digamma(double x) {
        double r = 0;
        while (x < 12) {
            r -= 1 / x;
            x += 1;
        }
        double f = 1 / (x * x);
        return r + Math.log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240
                - f / 132))));
    }

    /** ψ′(x), for x &gt; 0. */
    public static double trigamma(double x) {
        double r = 0;
        while (x < 12) {
            r += 1 / (x * x);
            x += 1;
        }
        double f = 1 / (x * x);
        return r + 1 / x + f / 2 + (1 / (x * x * x)) * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
    }

    private static Tensor map(Tensor t, java.util.function.DoubleUnaryOperator f) {
        double[] in = t.data();
        double[] out = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = f.applyAsDouble(in[i]);
        }
        return Tensor.of(out, t.shape());
    }

    /** log Γ(x) elementwise, differentiable twice. */
    public static Var lgamma(Var x) {
        return Var.op("lgamma", map(x.value(), GammaFunctions::lgamma),
                (out, g) -> new Var[] {g.mul(digamma(out.inputs().get(0)))}, x);
    }

    /** ψ(x) elementwise, differentiable once. */
    public static Var digamma(Var x) {
        return Var.op("digamma", map(x.value(), GammaFunctions::digamma),
                (out, g) -> new Var[] {g.mul(trigamma(out.inputs().get(0)))}, x);
    }

    /** ψ′(x) elementwise; its own derivative is not available. */
    public static Var trigamma(Var x) {
        return Var.op("trigamma", map(x.value(), GammaFunctions::trigamma), (out, g) -> {
            throw new UnsupportedOperationException("trigamma: the third derivative of log Gamma is not implemented");
        }, x);
    }
}
