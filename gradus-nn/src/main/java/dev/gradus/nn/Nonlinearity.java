package dev.gradus.nn;

/**
 * The nonlinearity that follows a layer, for choosing the gain of its initialisation. The gains are
 * those of PyTorch's {@code torch.nn.init.calculate_gain}, which keep the variance of activations
 * roughly constant from layer to layer.
 */
public enum Nonlinearity {
    /** Identity (also convolution): gain 1. */
    LINEAR,
    /** Sigmoid: gain 1. */
    SIGMOID,
    /** Tanh: gain 5/3. */
    TANH,
    /** ReLU: gain sqrt(2). */
    RELU,
    /** Leaky ReLU with negative slope {@code a}: gain sqrt(2 / (1 + a^2)). */
    LEAKY_RELU,
    /** SELU: gain 3/4. */
    SELU;

    /**
     * The recommended gain. {@code param} is the negative slope for {@link #LEAKY_RELU} (PyTorch's
     * default 0.01 when NaN is passed) and ignored otherwise.
     */
    public double gain(double param) {
        return switch (this) {
            case LINEAR, SIGMOID -> 1.0;
            case TANH -> 5.0 / 3.0;
            case RELU -> Math.sqrt(2.0);
            case LEAKY_RELU -> {
                double a = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2.0 / (1.0 + a * a));
            }
            case SELU -> 0.75;
        };
    }
}
