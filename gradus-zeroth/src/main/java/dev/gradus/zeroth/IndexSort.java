package dev.gradus.zeroth;

/** A stable sort of indices by a double key, without boxing (merge sort; equal keys keep index order). */
public final class IndexSort {
    private IndexSort() {}

    /**
     * Sorts {@code idx} ascending by {@code key[idx[k] * stride + offset]} (descending when {@code descending}),
     * stably.
     */
    public static void sort(int[] idx, int len, double[] key, int stride, int offset, boolean descending) {
        int[] buf = new int[len];
        for (int width = 1; width < len; width <<= 1) {
            for (int lo = 0; lo < len - width; lo += width << 1) {
                int mid = lo + width;
                int hi = Math.min(lo + (width << 1), len);
                int i = lo;
                int j = mid;
                int o = lo;
                while (i < mid && j < hi) {
                    double a = key[idx[i] * stride + offset];
                    double b = key[idx[j] * stride + offset];
                    boolean takeRight = descending ? b > a : b < a;
                    buf[o++] = takeRight ? idx[j++] : idx[i++];
                }
                while (i < mid) {
                    buf[o++] = idx[i++];
                }
                while (j < hi) {
                    buf[o++] = idx[j++];
                }
                System.arraycopy(buf, lo, idx, lo, hi - lo);
            }
        }
    }
}
