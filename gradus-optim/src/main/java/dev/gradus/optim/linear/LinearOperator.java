package dev.gradus.optim.linear;

/** A square linear map {@code x -> A x} on {@code double[]} of length {@link #size()}, applied without a matrix. */
public interface LinearOperator {

    /** The dimension {@code n} of {@code A} ({@code n × n}). */
    int size();

    /** Writes {@code A x} into {@code out} (both of length {@link #size()}; they must not be the same array). */
    void apply(double[] x, double[] out);
}
