package dev.gradus.train;

import java.util.Locale;

/**
 * What a training run will hold in memory, estimated before it is allocated, so that a run too big for the
 * heap is refused at once with the numbers and the {@code -Xmx} hint, rather than failing minutes later with an
 * {@code OutOfMemoryError} (or thrashing the garbage collector for as long).
 *
 * <p>The estimate counts, in bytes of float64:
 * <ul>
 *   <li><b>data</b>: the copies the run makes of the loaded features and labels: the split and the standardised
 *       split (two copies; the loaded data itself is already in the heap and counted as in use);</li>
 *   <li><b>model</b>: the parameters;</li>
 *   <li><b>optimizer</b>: the gradients and two state slots per parameter (what Adam keeps; most optimizers keep
 *       fewer, none of the built-in ones more than three);</li>
 *   <li><b>activations</b>: three values (forward value, gradient, one temporary) per unit of every layer for
 *       the larger of the batch and the evaluation batch of 256.</li>
 * </ul>
 * A run is refused when the estimate exceeds what the heap can still give: the maximum heap less what is in
 * use after one garbage collection.
 *
 * @param dataBytes the data copies
 * @param modelBytes the parameters
 * @param optimizerBytes gradients and optimizer state
 * @param activationBytes activations of one batch
 */
public record MemoryEstimate(long dataBytes, long modelBytes, long optimizerBytes, long activationBytes) {

    /** The estimate for a data set of {@code values} feature and label values, a model and a batch. */
    public static MemoryEstimate of(long values, long parameters, long unitsPerSample, int batchSize) {
        long data = saturatedMultiply(2 * 8L, values);
        long model = saturatedMultiply(8L, parameters);
        long optimizer = saturatedMultiply(3 * 8L, parameters);
        long activations = saturatedMultiply(saturatedMultiply(3 * 8L, unitsPerSample), Math.max(batchSize, 256));
        return new MemoryEstimate(data, model, optimizer, activations);
    }

    /** The sum of the parts. */
    public long total() {
        long t = 0;
        for (long v : new long[] {dataBytes, modelBytes, optimizerBytes, activationBytes}) {
            t = t + v < 0 ? Long.MAX_VALUE : t + v;
        }
        return t;
    }

    /**
     * Refuses the run when it does not fit in what the heap can still give.
     *
     * @param what what is estimated, for the message (such as the data set's name and the model)
     * @throws IllegalArgumentException with the estimate, the heap's limit and the {@code -Xmx} hint
     */
    public void requireFits(String what) {
        Runtime rt = Runtime.getRuntime();
        long max = rt.maxMemory();
        long free = max - (rt.totalMemory() - rt.freeMemory());
        if (total() <= free) {
            return;
        }
        // Garbage (the strings of a parsed file) may hold most of "used"; collect once before refusing.
        System.gc();
        long used = rt.totalMemory() - rt.freeMemory();
        free = max - used;
        if (total() <= free) {
            return;
        }
        long suggest = Math.max(1, (used + total()) * 5 / 4 / (1L << 30) + 1);
        throw new IllegalArgumentException(String.format(Locale.ROOT, "not enough memory for %s: it needs about %s"
                + " (data copies %s, model %s, gradients and optimizer state %s, activations %s), but the Java heap"
                + " has %s left of its maximum %s; reduce the data, the model or the batch size, or give Java more"
                + " heap, e.g. GRADUS_JAVA_OPTS='-Xmx%dg' for ./gradus (java -Xmx%dg)", what, size(total()),
                size(dataBytes), size(modelBytes), size(optimizerBytes), size(activationBytes), size(Math.max(0, free)),
                size(max), suggest, suggest));
    }

    /** A byte count in B, KB, MB or GB with three significant digits. */
    static String size(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "more than 8 EB";
        }
        String[] units = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.3g %s", v, units[u]);
    }

    private static long saturatedMultiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }
}
