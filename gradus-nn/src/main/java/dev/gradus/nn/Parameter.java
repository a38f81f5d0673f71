package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * A trainable tensor owned by a {@link Module}.
 *
 * <p>The value is one live {@link Tensor} for the life of the parameter: optimizers update its array in
 * place, {@link Module#loadStateDict} copies into it, and the tensors in {@link Module#namedParameters()}
 * are these very objects. Its owner registers it under a local name, and the full dotted name
 * ({@code encoder.0.weight}) follows from the module tree; the parameter's leaf carries that name
 * ({@link Var#name()}) for error messages, such as autodiff's refusal to differentiate a graph after the
 * parameter was changed in place.
 *
 * <p>For the forward pass a parameter is one long-lived autodiff leaf, {@link #node()}, wrapping the same
 * tensor (no copy). {@link Module#call} temporarily binds another var in its place, to evaluate the model
 * at other parameter values (functional calls for Hessian-vector products or per-sample gradients).
 */
public final class Parameter {
    private final Tensor value;
    private final Var leaf;
    private boolean trainable = true;
    private Var bound;
    /** How often {@link #node()} returned a binding: lets {@link PerSampleGradients} find readers without a batched rule. */
    private long boundReads;
    private String name;

    /** Wraps {@code value} (not copied). */
    public Parameter(Tensor value) {
        if (value == null) {
            throw new IllegalArgumentException("Parameter: value is null");
        }
        this.value = value;
        this.leaf = Var.param(value);
    }

    /**
     * The var that layers use in the forward pass: the parameter's own leaf ({@link #leaf()}), or the var
     * bound by a {@link Module#call} in progress. A frozen parameter yields a constant.
     */
    public Var node() {
        if (bound != null) {
            boundReads++;
            return bound;
        }
        return trainable ? leaf : Var.constant(value, name);
    }

    /** The number of {@link #node()} calls answered by a binding so far (never reset). */
    long boundReads() {
        return boundReads;
    }

    /** The long-lived leaf wrapping {@link #value()}; {@link Var#backward()} accumulates into its grad. */
    public Var leaf() {
        return leaf;
    }

    /** Names the parameter (and its leaf) by its path in the module tree that registered it last. */
    void setName(String name) {
        this.name = name;
        leaf.setName(name);
    }

    /** Binds {@code v} in place of the leaf (null unbinds); returns the previous binding. */
    Var bind(Var v) {
        Var previous = bound;
        bound = v;
        return previous;
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
