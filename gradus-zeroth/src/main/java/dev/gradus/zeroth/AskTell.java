package dev.gradus.zeroth;

import dev.gradus.tensor.Tensor;

/**
 * A derivative-free method driven by ask/tell, in the style of pycma and nevergrad, with all state in a
 * {@link SearchState} record.
 *
 * <pre>{@code
 * AskTell<Cbo.State> cbo = Cbo.defaults().particles(100);
 * Cbo.State s = cbo.init(problem.box(), 0);
 * for (int g = 0; g < 100; g++) {
 *     Tensor x = cbo.ask(s);                       // [n, d]
 *     Tensor f = Evaluator.sequential().evaluate(problem, x);   // [n, 1], anywhere the caller likes
 *     cbo.tell(s, f);
 * }
 * }</pre>
 *
 * <p>The contract, tested for every method:
 * <ul>
 *   <li>{@code init} and {@code ask} are pure functions of the seed and the state: the same seed gives the same
 *       bits, and {@code ask} called twice before a {@code tell} returns the same batch;</li>
 *   <li>{@code tell} takes the values by row of the batch, so the order in which the caller evaluated them, or on how
 *       many threads, cannot change the result;</li>
 *   <li>the state round-trips through {@code StateFile.saveTree}/{@code loadTree} (with {@code init}'s state as the
 *       template) and the continued run equals the uninterrupted one bit for bit.</li>
 * </ul>
 *
 * @param <S> the method's state record
 */
public interface AskTell<S extends SearchState> {

    /**
     * A fresh state for a problem with search box {@code box} and {@code objectives} objectives; all randomness of the
     * run comes from {@code seed}.
     *
     * @throws IllegalArgumentException when the method does not handle that many objectives
     */
    S init(Box box, int objectives, long seed);

    /** {@link #init(Box, int, long)} for a scalar objective. */
    default S init(Box box, long seed) {
        return init(box, 1, seed);
    }

    /** The candidates to evaluate, one per row ([n, d]); a copy that the caller may keep. */
    Tensor ask(S state);

    /**
     * The values of the last asked batch: row {@code i} of {@code values} ([n, m], all objectives minimised) belongs to
     * row {@code i} of the batch.
     *
     * @throws IllegalStateException when nothing was asked
     * @throws IllegalArgumentException when {@code values} does not have one row per candidate and the method's number
     *     of objectives, or holds NaN
     */
    void tell(S state, Tensor values);

    /** True when the method has stopped by its own criterion (a collapsed population); the default never stops. */
    default boolean converged(S state) {
        return false;
    }

    /**
     * For a multi-objective method, the values ([k, m]) of the non-dominated candidates it keeps: the front it has
     * found so far.
     *
     * @throws UnsupportedOperationException for a method that keeps no front (the default)
     */
    default Tensor front(S state) {
        throw new UnsupportedOperationException(this + " keeps no front of several objectives");
    }

    /** How many objectives the method handles: 1, or {@link Integer#MAX_VALUE} for any number. */
    default int maxObjectives() {
        return 1;
    }

    /** Refuses {@code objectives} beyond {@link #maxObjectives()}, naming {@code method}. */
    static void checkObjectives(String method, int objectives, int maxObjectives) {
        if (objectives < 1 || objectives > maxObjectives) {
            throw new IllegalArgumentException(method + " handles " + (maxObjectives == 1 ? "one objective"
                    : "at most " + maxObjectives + " objectives") + ", got " + objectives);
        }
    }

    /**
     * Checks a told batch against what was asked: one row per candidate, {@code m} columns within
     * {@link #maxObjectives()}, no NaN; {@code method} names the method in the message.
     */
    static void checkTold(String method, Progress progress, Tensor values, int rows, int maxObjectives) {
        if (!progress.isPending()) {
            throw new IllegalStateException(method + ".tell: nothing was asked; call ask first");
        }
        if (values.rank() != 2 || values.dim(0) != rows) {
            throw new IllegalArgumentException(method + ".tell: expected values of shape [" + rows
                    + ", objectives], one row per asked candidate, got " + java.util.Arrays.toString(values.shape()));
        }
        if (values.dim(1) < 1 || values.dim(1) > maxObjectives) {
            throw new IllegalArgumentException(method + ".tell: handles " + (maxObjectives == 1 ? "one objective"
                    : "at most " + maxObjectives + " objectives") + ", got " + values.dim(1));
        }
        double[] v = values.data();
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                throw new IllegalArgumentException(method + ".tell: the value of candidate " + (i / values.dim(1))
                        + " (objective " + (i % values.dim(1)) + ") is NaN");
            }
        }
    }
}
