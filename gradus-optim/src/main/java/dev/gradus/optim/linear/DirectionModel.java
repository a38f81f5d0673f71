package dev.gradus.optim.linear;

/**
 * What proposes a search direction of {@link DeepConjugateDirection} from the normalised residual
 * {@code r / ||r||}: ideally an approximation of {@code A^{-1}} up to scale (the identity gives CG).
 */
@FunctionalInterface
public interface DirectionModel {

    /** The identity, {@code d = r}: with it the deep conjugate direction method is CG. */
    DirectionModel IDENTITY = (r, out) -> System.arraycopy(r, 0, out, 0, r.length);

    /** Writes the proposed direction for the unit-norm residual {@code r} into {@code out} (same length). */
    void direction(double[] r, double[] out);
}
