package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel 2016), {@code gelu(x) = x Phi(x)} with {@code Phi}
 * the standard normal CDF, in PyTorch's two forms:
 * <ul>
 *   <li>{@link Approximation#NONE} (the default, like PyTorch's {@code approximate='none'}):
 *       {@code Phi(x) = 1/2 + sign(x) (1/2 - erfc(|x|/sqrt 2)/2)}, with {@code erfc} evaluated by the
 *       Chebyshev fit of Numerical Recipes' {@code erfcc} (relative error below 1.2e-7), written with
 *       differentiable ops because core has no {@code erf}. It differs from the exact GELU by less than
 *       {@code 2e-8} everywhere, and its derivatives are those of the fit.</li>
 *   <li>{@link Approximation#TANH} ({@code approximate='tanh'}):
 *       {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}, exactly PyTorch's formula; it differs from
 *       the exact GELU by up to {@code 4.8e-4}.</li>
 * </ul>
 */
public final class GELU extends Module {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);
    private static final double INV_SQRT_2 = 1.0 / Math.sqrt(2.0);
    /** Numerical Recipes' erfcc coefficients, innermost last: erfc(z) = t exp(-z^2 + c0 + t (c1 + t (c2 + ...))). */
    private static final double[] ERFC = {-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807,
        -1.13520398, 1.48851587, -0.82215223, 0.17087277};

    /** Which formula. */
    public enum Approximation {
        /** The erf form (PyTorch's default). */
        NONE,
        /** The tanh form. */
        TANH
    }

    private final Approximation approximation;

    /** The erf form, PyTorch's default. */
    public GELU() {
        this(Approximation.NONE);
    }

    /** The given form. */
    public GELU(Approximation approximation) {
        this.approximation = approximation;
    }

    @Override
    public Var forward(Var input) {
        if (approximation == Approximation.TANH) {
            Var inner = input.add(input.pow(3.0).mul(0.044715)).mul(SQRT_2_OVER_PI);
            return input.mul(inner.tanh().add(1.0)).mul(0.5);
        }
        Var z = input.abs().mul(INV_SQRT_2);
        Var t = z.mul(0.5).add(1.0).reciprocal();
        Var poly = t.mul(ERFC[ERFC.length - 1]);
        for (int i = ERFC.length - 2; i >= 1; i--) {
            poly = t.mul(poly.add(ERFC[i]));
        }
        Var erfc = t.mul(z.square().neg().add(ERFC[0]).add(poly).exp());
        Var phi = input.sign().mul(erfc.mul(-0.5).add(0.5)).add(0.5);
        return input.mul(phi);
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximation.name().toLowerCase() + "'";
    }
}
