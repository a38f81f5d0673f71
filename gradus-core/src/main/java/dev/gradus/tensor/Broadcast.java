package dev.gradus.tensor;

/** Index maps for NumPy broadcasting, used where a kernel has no faster contiguous path. */
final class Broadcast {
    private Broadcast() {}

    /**
     * For each element of a tensor of shape {@code out} (row-major order), the offset of the element of
     * a tensor of shape {@code in} that broadcasts onto it. {@code in} must broadcast to {@code out}.
     */
    static int[] offsets(int[] in, int[] out) {
        int[] st = Shapes.broadcastStrides(in, out);
        int n = Math.toIntExact(Shapes.checkedSize("broadcast", out));
        int[] offs = new int[n];
        int r = out.length;
        int[] idx = new int[r];
        int off = 0;
        for (int i = 0; i < n; i++) {
            offs[i] = off;
            for (int d = r - 1; d >= 0; d--) {
                off += st[d];
                if (++idx[d] < out[d]) {
                    break;
                }
                off -= st[d] * out[d];
                idx[d] = 0;
            }
        }
        return offs;
    }
}
