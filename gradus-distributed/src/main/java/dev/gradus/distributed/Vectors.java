package dev.gradus.distributed;

import java.util.Arrays;

/** The few dense-vector operations aggregators and attacks share; sums run in row order, so results are fixed. */
final class Vectors {
    private Vectors() {}

    /** The coordinate-wise mean of {@code rows} into {@code out}, summed in row order. */
    static void mean(double[][] rows, double[] out) {
        Arrays.fill(out, 0.0);
        for (double[] r : rows) {
            for (int j = 0; j < out.length; j++) {
                out[j] += r[j];
            }
        }
        double inv = 1.0 / rows.length;
        for (int j = 0; j < out.length; j++) {
            out[j] *= inv;
        }
    }

    /** The mean of the rows {@code pick} of {@code rows}, in the order given. */
    static void meanOf(double[][] rows, int[] pick, int count, double[] out) {
        Arrays.fill(out, 0.0);
        for (int p = 0; p < count; p++) {
            double[] r = rows[pick[p]];
            for (int j = 0; j < out.length; j++) {
                out[j] += r[j];
            }
        }
        double inv = 1.0 / count;
        for (int j = 0; j < out.length; j++) {
            out[j] *= inv;
        }
    }

    /** {@code ||a - b||^2}. */
    static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            s += d * d;
        }
        return s;
    }

    /** {@code ||a||_2}. */
    static double norm(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v * v;
        }
        return Math.sqrt(s);
    }

    /**
     * The indices {@code 0..n-1} ordered by {@code key} ascending, ties by lower index first (a stable order),
     * with non-finite keys last.
     */
    static int[] argsort(double[] key) {
        Integer[] boxed = new Integer[key.length]; // n messages, not d values: outside any hot loop
        for (int i = 0; i < key.length; i++) {
            boxed[i] = i;
        }
        Arrays.sort(boxed, (a, b) -> {
            int c = Double.compare(finite(key[a]), finite(key[b]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[key.length];
        for (int i = 0; i < key.length; i++) {
            out[i] = boxed[i];
        }
        return out;
    }

    private static double finite(double v) {
        return Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
    }

    /** Requires {@code n} messages of one length. */
    static int requireRows(String who, double[][] messages) {
        if (messages.length == 0) {
            throw new IllegalArgumentException(who + ": no messages to aggregate");
        }
        int d = messages[0].length;
        for (int i = 1; i < messages.length; i++) {
            if (messages[i].length != d) {
                throw new IllegalArgumentException(who + ": message " + i + " has " + messages[i].length
                        + " values, message 0 has " + d);
            }
        }
        return d;
    }
}
