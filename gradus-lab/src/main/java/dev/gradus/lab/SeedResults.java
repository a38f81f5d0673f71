package dev.gradus.lab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The outcomes of every seed of a run, with the cross-seed views a summary needs: values, medians, curves. */
public final class SeedResults {
    private final List<SeedOutcome> outcomes;

    SeedResults(List<SeedOutcome> outcomes) {
        this.outcomes = List.copyOf(outcomes);
    }

    /** Every seed's outcome, in seed order. */
    public List<SeedOutcome> all() {
        return outcomes;
    }

    /** The outcomes of the seeds that ran to the end. */
    public List<SeedOutcome> ran() {
        List<SeedOutcome> out = new ArrayList<>();
        for (SeedOutcome o : outcomes) {
            if (o.ran()) {
                out.add(o);
            }
        }
        return out;
    }

    /** The first seed that ran to the end, or null when none did. */
    public SeedOutcome first() {
        for (SeedOutcome o : outcomes) {
            if (o.ran()) {
                return o;
            }
        }
        return null;
    }

    /** The metric's value in each seed that ran and recorded it, in seed order. */
    public double[] values(String metric) {
        List<SeedOutcome> ran = ran();
        double[] v = new double[ran.size()];
        int n = 0;
        for (SeedOutcome o : ran) {
            Double x = o.metrics().get(metric);
            if (x != null) {
                v[n++] = x;
            }
        }
        return Arrays.copyOf(v, n);
    }

    /** The median of the metric's non-NaN values over the seeds that ran (infinities count), NaN when none. */
    public double median(String metric) {
        return median(values(metric));
    }

    /** The kept curve of each seed that ran and kept it, in seed order. */
    public List<double[]> curves(String name) {
        List<double[]> out = new ArrayList<>();
        for (SeedOutcome o : ran()) {
            double[] c = o.curves().get(name);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** The pointwise median of the curves, over the seeds whose curve reaches each index. */
    public double[] medianCurve(String name) {
        List<double[]> cs = curves(name);
        int len = 0;
        for (double[] c : cs) {
            len = Math.max(len, c.length);
        }
        double[] out = new double[len];
        double[] column = new double[cs.size()];
        for (int i = 0; i < len; i++) {
            int n = 0;
            for (double[] c : cs) {
                if (i < c.length) {
                    column[n++] = c[i];
                }
            }
            out[i] = median(Arrays.copyOf(column, n));
        }
        return out;
    }

    /** The median of the values that are not NaN (a diverged run's infinity counts), NaN when there are none. */
    public static double median(double[] values) {
        double[] f = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                f[n++] = v;
            }
        }
        if (n == 0) {
            return Double.NaN;
        }
        Arrays.sort(f, 0, n);
        return n % 2 == 1 ? f[n / 2] : 0.5 * (f[n / 2 - 1] + f[n / 2]);
    }
}
