package dev.gradus.data;

import java.util.Locale;

/**
 * Refuses an allocation that the Java heap cannot give, before it is made, with the numbers and the {@code -Xmx}
 * hint, so that a data set too large for the heap is one clear error rather than an {@code OutOfMemoryError}
 * (or minutes of garbage collection first). Readers call it before their large arrays: the CSV reader as its
 * feature array grows, the LIBSVM reader before it makes sparse rows dense, the IDX reader before it converts
 * the bytes to doubles.
 *
 * <p>What the heap can give is its maximum less what is in use; when that looks too small, one garbage
 * collection is run before refusing, since the parse's garbage (strings, lines) may hold most of "in use".
 */
final class HeapCheck {
    private HeapCheck() {}

    /**
     * Throws when {@code bytes} more cannot be allocated.
     *
     * @param source the input, for the message, such as a file name
     * @param what what needs the memory, such as {@code "60000 rows of 784 features"}
     * @throws DataException with the sizes and the {@code -Xmx} hint
     */
    static void require(String source, long bytes, String what) {
        Runtime rt = Runtime.getRuntime();
        if (bytes <= rt.maxMemory() - (rt.totalMemory() - rt.freeMemory())) {
            return;
        }
        System.gc();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes <= free) {
            return;
        }
        long suggest = (rt.maxMemory() + 3 * bytes) / (1L << 30) + 1;
        throw new DataException(String.format(Locale.ROOT, "%s: the data does not fit in the Java heap: %s need %d MB"
                + " more, and %d MB of the heap's %d MB are free; give Java more heap, e.g."
                + " GRADUS_JAVA_OPTS='-Xmx%dg' for ./gradus (java -Xmx%dg), or use less data", source, what,
                bytes >> 20, free >> 20, rt.maxMemory() >> 20, suggest, suggest));
    }
}
