package dev.gradus.zeroth;

import dev.gradus.optim.Counter;
import dev.gradus.optim.MutableScalar;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.Tensor;

/**
 * What every ask/tell state records about its run: evaluations spent, generations told, the best point evaluated so
 * far (for a scalar objective) and whether a batch has been asked and not yet told.
 *
 * @param evaluations candidates evaluated so far (the budget counts these)
 * @param generations {@code tell} calls so far
 * @param best the best point evaluated so far (for several objectives: the first objective's best)
 * @param bestValue its value, +inf before the first tell
 * @param pending 1 between an {@code ask} and its {@code tell}, else 0: a second {@code ask} returns the same batch
 */
public record Progress(Counter evaluations, Counter generations, Tensor best, MutableScalar bestValue, Counter pending)
        implements OptState {

    /** A fresh record for points of {@code d} coordinates. */
    public static Progress start(int d) {
        return new Progress(new Counter(), new Counter(), Tensor.zeros(d), new MutableScalar(Double.POSITIVE_INFINITY),
                new Counter());
    }

    /** True between an ask and its tell. */
    public boolean isPending() {
        return pending.get() != 0;
    }

    /** Marks a batch as asked. */
    public void asked() {
        pending.set(1);
    }

    /**
     * Records a told batch: {@code candidates} [n, d] with the first objective in column 0 of {@code values} [n, m];
     * the best point is the first row of smallest value (ties keep the earlier point).
     */
    public void told(Tensor candidates, Tensor values) {
        int n = candidates.dim(0);
        int d = candidates.dim(1);
        int m = values.dim(1);
        double[] v = values.data();
        double[] x = candidates.data();
        int arg = -1;
        double bv = bestValue.get();
        for (int i = 0; i < n; i++) {
            if (v[i * m] < bv) {
                bv = v[i * m];
                arg = i;
            }
        }
        if (arg >= 0) {
            System.arraycopy(x, arg * d, best.data(), 0, d);
            best.markModified();
            bestValue.set(bv);
        }
        evaluations.set(evaluations.get() + n);
        generations.increment();
        pending.set(0);
    }
}
