package dev.gradus.nn;

/**
 * Per-example gradients of one parameter computed by the per-example loop of {@link PerSampleGradients}: one
 * forward and one backward pass per example, for parameters without a batched rule.
 */
final class LoopedUse extends PerSampleUse {
    private final double[] grads;

    /** {@code grads} laid out {@code [B, size]}. */
    LoopedUse(double[] grads, int batch, int size) {
        super(batch, size);
        this.grads = grads;
    }

    @Override
    void accumulate(int example, double factor, double[] dst, int offset) {
        int base = example * size;
        for (int k = 0; k < size; k++) {
            dst[offset + k] += factor * grads[base + k];
        }
    }
}
