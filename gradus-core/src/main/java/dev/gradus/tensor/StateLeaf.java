package dev.gradus.tensor;

import dev.gradus.tensor.io.Safetensors;

/**
 * One value in a saved state tree: the open leaf type of optimizer state, training checkpoints and every
 * other state that must resume bit for bit.
 *
 * <p>A state is a tree of records whose leaves implement this interface; the tree walker
 * ({@code dev.gradus.optim.state.StateTree}) gives every leaf a path, and the state file writes each leaf as
 * one safetensors entry named by that path. Gradus's own leaves are {@link Tensor}, {@link RandomStream} and
 * the step counters and scalars of gradus-optim; a module adds its own (a privacy accountant's history, a
 * compressor's residual, a population) by implementing these four methods, and nothing else changes.
 *
 * <p>The contract:
 * <ul>
 *   <li>{@link #encode} is exact: {@code decode(encode(name))} holds the same bits.</li>
 *   <li>{@link #decode} reads a new leaf with this leaf as the template (its kind, its shape where the
 *       shape is fixed at creation) and refuses an entry that does not fit with an
 *       {@link IllegalArgumentException} saying what was expected; it never changes this leaf.</li>
 *   <li>{@link #copy} is deep and {@link #restore} copies a value in place, so a leaf that a running
 *       computation holds (an optimizer's moment buffer) keeps its identity across a reset.</li>
 * </ul>
 */
public interface StateLeaf {

    /** An independent copy holding the same value (for a random stream: the same position). */
    StateLeaf copy();

    /**
     * Sets this leaf to the value of {@code source}, in place.
     *
     * @throws IllegalArgumentException when {@code source} is another kind of leaf or does not fit
     */
    void restore(StateLeaf source);

    /** This value as one safetensors entry called {@code name}. */
    Safetensors.Entry encode(String name);

    /**
     * A new leaf of this kind holding the value stored in {@code entry}.
     *
     * @throws IllegalArgumentException naming what was expected when the entry's dtype or shape does not fit
     */
    StateLeaf decode(Safetensors.Entry entry);

    /**
     * The refusal {@link #decode} throws for an entry of the wrong dtype or shape: {@code expected ...
     * got ...}, which state files prefix with the leaf's path.
     */
    static IllegalArgumentException mismatch(String expected, Safetensors.Entry got) {
        return new IllegalArgumentException("expected " + expected + " got " + got.dtype()
                + java.util.Arrays.toString(got.shape()));
    }
}
