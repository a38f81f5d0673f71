package dev.gradus.optim;

import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.io.Safetensors;

/**
 * A mutable double held in optimizer state (for example a running loss or a line-search step); saved as an
 * {@code F64} scalar.
 */
public final class MutableScalar implements StateLeaf {
    private double value;

    /** A scalar at {@code value}. */
    public MutableScalar(double value) {
        this.value = value;
    }

    /** The current value. */
    public double get() {
        return value;
    }

    /** Sets the value. */
    public void set(double value) {
        this.value = value;
    }

    @Override
    public MutableScalar copy() {
        return new MutableScalar(value);
    }

    @Override
    public void restore(StateLeaf source) {
        if (!(source instanceof MutableScalar m)) {
            throw new IllegalArgumentException("restore: a scalar cannot take the value of a "
                    + source.getClass().getSimpleName());
        }
        value = m.value;
    }

    @Override
    public Safetensors.Entry encode(String name) {
        return Safetensors.f64(name, Tensor.scalar(value));
    }

    @Override
    public MutableScalar decode(Safetensors.Entry entry) {
        if (entry.dtype() != Safetensors.DType.F64 || entry.shape().length != 0) {
            throw StateLeaf.mismatch("F64[]", entry);
        }
        return new MutableScalar(entry.toDoubles()[0]);
    }

    @Override
    public String toString() {
        return Double.toString(value);
    }
}
