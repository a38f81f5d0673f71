package dev.gradus.train;

import dev.gradus.tensor.TensorMap;
import java.util.Locale;

/**
 * Stops a run whose loss has grown far above the best it reached, the run that the {@link NonFiniteGuard} does
 * not catch because its loss stays finite ({@code sgd(lr=1e6)} reaching a loss of {@code 1e157}).
 *
 * <p>The guard follows the batch losses through an exponential moving average, {@code m_t = 0.9 m_{t-1} + 0.1
 * l_t} with {@code m_1 = l_1} (about the last ten steps, so that one hard batch does not count), and keeps its
 * lowest value {@code best}. Step {@code t} has <b>diverged</b> when
 *
 * <pre>
 *   m_t &gt; factor * best   and   m_t &gt; m_1
 * </pre>
 *
 * that is, the smoothed loss is {@code factor} times its best and worse than where the run began (the second
 * condition keeps a loss that falls to {@code 1e-9} and comes back to {@code 1e-6} from counting).
 * The default factor is {@value #DEFAULT_FACTOR}; {@code gradus train --divergence-factor F} changes it and
 * {@code 0} turns the guard off. The guard starts afresh when a run is resumed.
 */
public final class DivergenceGuard {
    /** The default factor over the best smoothed loss. */
    public static final double DEFAULT_FACTOR = 100;
    private static final double BETA = 0.9;

    private final double factor;
    private double first = Double.NaN;
    private double smoothed;
    private double best;
    private long bestStep;

    /** A guard with {@code factor} (at least 1; see {@link #requireFactor}). */
    public DivergenceGuard(double factor) {
        requireFactor(factor);
        if (factor == 0) {
            throw new IllegalArgumentException("DivergenceGuard: a factor of 0 means no guard; do not make one");
        }
        this.factor = factor;
    }

    /** Checks a factor: 0 (off) or a finite number above 1. */
    public static void requireFactor(double factor) {
        if (!(factor == 0 || factor > 1 && Double.isFinite(factor))) {
            throw new IllegalArgumentException("the divergence factor must be a number above 1, or 0 to turn the"
                    + " check off; got " + factor);
        }
    }

    /** The factor. */
    public double factor() {
        return factor;
    }

    /**
     * Takes the loss of step {@code step} and throws when the run has diverged.
     *
     * @param params the parameters after the step, to name the largest in the message
     * @throws DivergenceException naming the step, the losses, the largest parameter and a likely cause
     */
    public void observe(double loss, long step, int epoch, int batch, TensorMap params) {
        if (!Double.isFinite(loss)) {
            return; // the NonFiniteGuard reports these
        }
        if (Double.isNaN(first)) {
            first = loss;
            smoothed = loss;
            best = loss;
            bestStep = step;
            return;
        }
        smoothed = BETA * smoothed + (1 - BETA) * loss;
        if (smoothed < best) {
            best = smoothed;
            bestStep = step;
        }
        if (smoothed > factor * best && smoothed > first) {
            throw new DivergenceException(step, String.format(Locale.ROOT, "training diverged at step %d (epoch %d,"
                    + " batch %d): the loss, averaged over the last steps, is %.4g, more than %s times its best %.4g"
                    + " (step %d) and above its start %.4g; %s. The learning rate is probably too high: lower it, or"
                    + " clip the gradients (chain(clip_by_global_norm(max_norm=1.0), ...)). --divergence-factor"
                    + " changes the factor; 0 turns this check off", step, epoch, batch, smoothed,
                    format(factor), best, bestStep, first, largest(params)));
        }
    }

    private static String format(double f) {
        return f == Math.rint(f) && Math.abs(f) < 1e15 ? Long.toString((long) f) : Double.toString(f);
    }

    /** The parameter with the largest norm, in words. */
    private static String largest(TensorMap params) {
        String name = null;
        double max = -1;
        for (String n : params.names()) {
            double sq = 0;
            for (double v : params.get(n).data()) {
                sq += v * v;
            }
            if (sq > max) {
                max = sq;
                name = n;
            }
        }
        return name == null ? "the model has no parameters"
                : String.format(Locale.ROOT, "the largest parameter is '%s' with norm %.4g", name, Math.sqrt(max));
    }
}
