package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.Problem;

/**
 * A scalar test function on {@code [−bound, bound]^d} with a known minimiser. Most are written in shifted
 * coordinates {@code z = x − shift·𝟙}, so that a start distribution symmetric about 0 is not centred on the answer.
 * Transcendental functions use {@link StrictMath}: values are the same bits on every JVM.
 *
 * @param <S> the concrete function
 */
public abstract class TestFunction<S extends TestFunction<S>> extends Configured<S> implements Problem {

    /** The dimension parameter every function has. */
    static Param dimension(long d) {
        return Param.integer("d", d, "number of coordinates").range(Range.atLeast(1));
    }

    /** The shift of the minimiser along the diagonal. */
    static Param shift(double s) {
        return Param.number("shift", s, "the minimiser is at shift·(1, ..., 1) (before any offset of the function)");
    }

    /** The half-width of the search box. */
    static Param bound(double b) {
        return Param.number("bound", b, "search box [-bound, bound]^d").range(Range.greaterThan(0));
    }

    /** The number of coordinates. */
    protected final int d;
    private final Box box;

    /** From validated settings with at least {@code d} and {@code bound}. */
    protected TestFunction(Hyperparams hp) {
        super(hp);
        this.d = Math.toIntExact(hp.integer("d"));
        double b = hp.number("bound");
        this.box = Box.cube(d, -b, b);
    }

    @Override
    public String name() {
        return toString();
    }

    @Override
    public final Box box() {
        return box;
    }

    @Override
    public final void evaluate(double[] x, double[] out) {
        out[0] = value(x);
    }

    @Override
    public abstract double value(double[] x);

    /** The global minimiser. */
    public abstract double[] minimizer();

    /** The global minimum value. */
    public double minimum() {
        return value(minimizer());
    }

    /** The minimiser {@code s·𝟙} of length {@code d}. */
    protected final double[] diagonal(double s) {
        double[] m = new double[d];
        java.util.Arrays.fill(m, s);
        return m;
    }
}
