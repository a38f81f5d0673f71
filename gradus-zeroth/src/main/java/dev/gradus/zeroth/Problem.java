package dev.gradus.zeroth;

/**
 * A black-box problem: the values of {@link #objectives()} objectives (all minimised) at a point, and a search box.
 * Implementations are pure functions of the point, so that {@link Evaluator} may call them from several threads.
 */
public interface Problem {

    /** A short name for reports, such as {@code rastrigin(d=10)}. */
    String name();

    /** The number of coordinates of a point. */
    default int dimension() {
        return box().dimension();
    }

    /** The number of objectives (1 for a scalar objective). */
    default int objectives() {
        return 1;
    }

    /** Where methods start and, for bounded methods, stay. */
    Box box();

    /**
     * Writes the objective values at {@code x} (length {@link #dimension()}) into {@code out} (length
     * {@link #objectives()}). Must not modify {@code x}.
     */
    void evaluate(double[] x, double[] out);

    /** The value of a scalar objective at {@code x}. */
    default double value(double[] x) {
        double[] out = new double[objectives()];
        evaluate(x, out);
        return out[0];
    }
}
