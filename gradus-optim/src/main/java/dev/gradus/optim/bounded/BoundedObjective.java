package dev.gradus.optim.bounded;

/** A smooth function of a flat vector: its value at {@code x}, with the gradient written into {@code grad}. */
@FunctionalInterface
public interface BoundedObjective {
    /** {@code f(x)}; writes {@code ∇f(x)} into {@code grad} (same length). Must not modify {@code x}. */
    double evaluate(double[] x, double[] grad);
}
