package dev.gradus.nn;

import dev.gradus.tensor.Tensor;

/**
 * A trainable tensor owned by a {@link Module}.
 *
 * <p>The value is one live {@link Tensor} for the life of the parameter: optimizers update its array in
 * place, {@link Module#loadStateDict} copies into it, and the tensors in {@link Module#namedParameters()}
 * are these very objects. A parameter does not know its name; its owner registers it under a local
 * name, and the full dotted name ({@code encoder.0.weight}) follows from the module tree.
 */
public final class Parameter {
    private final Tensor value;
    private boolean trainable = true;

    /** Wraps {@code value} (not copied). */
    public Parameter(Tensor value) {
        if (value == null) {
            throw new IllegalArgumentException("Parameter: value is null");
        }
        this.value = value;
    }

    /** The live value; writes go straight into the model. */
    public Tensor value() {
        return value;
    }

    /** The shape of the value. */
    public int[] shape() {
        return value.shape();
    }

    /** The number of scalars. */
    public int size() {
        return value.size();
    }

    /**
     * False when the parameter is frozen: it is still part of the state dict, but it is left out of
     * {@link Module#namedParameters()} and so is neither differentiated nor updated.
     */
    public boolean trainable() {
        return trainable;
    }

    /** Freezes ({@code false}) or unfreezes ({@code true}) this parameter. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
    }

    @Override
    public String toString() {
        return "Parameter" + java.util.Arrays.toString(value.shape()) + (trainable ? "" : " (frozen)");
    }
}
