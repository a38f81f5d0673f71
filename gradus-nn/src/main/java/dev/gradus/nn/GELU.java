package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel 2016) in its tanh form, PyTorch's
 * {@code GELU(approximate='tanh')}:
 * <pre>
 *   gelu(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
 * </pre>
 * It differs from the exact {@code x * Phi(x)} (PyTorch's default {@code approximate='none'}) by less
 * than {@code 5e-4} everywhere. The exact form needs a differentiable {@code erf}, which core does not
 * offer yet.
 */
public final class GELU extends Module {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    @Override
    public Var forward(Var input) {
        Var inner = input.add(input.pow(3.0).mul(0.044715)).mul(SQRT_2_OVER_PI);
        return input.mul(inner.tanh().add(1.0)).mul(0.5);
    }

    @Override
    protected String extraRepr() {
        return "approximate='tanh'";
    }
}
