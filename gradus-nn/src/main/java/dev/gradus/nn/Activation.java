package dev.gradus.nn;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/** The elementwise activations, by name, for builders and model specs ({@code activation=relu}). */
public enum Activation {
    /** {@link ReLU}. */
    RELU(ReLU::new),
    /** {@link Tanh}. */
    TANH(Tanh::new),
    /** {@link Sigmoid}. */
    SIGMOID(Sigmoid::new),
    /** {@link GELU} (erf form, PyTorch's default). */
    GELU(dev.gradus.nn.GELU::new),
    /** {@link Softplus}. */
    SOFTPLUS(Softplus::new);

    private final Supplier<Module> factory;

    Activation(Supplier<Module> factory) {
        this.factory = factory;
    }

    /** A new module computing this activation. */
    public Module create() {
        return factory.get();
    }

    /** The activation named {@code name} (case-insensitive); an error lists the known names. */
    public static Activation of(String name) {
        for (Activation a : values()) {
            if (a.name().equalsIgnoreCase(name.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + name + "'; known: "
                + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }
}
