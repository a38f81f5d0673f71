package dev.gradus.robust;

/**
 * The arithmetic of the softmax inside an input gradient. Defensive distillation hides the gradient only where
 * {@code exp(z_j - z_max)} underflows: at a logit gap of about 104 in float32 with subnormals (88 with flush to
 * zero), but only at about 745 in float64. A float64 library would otherwise not reproduce results measured in
 * float32 frameworks, so an attack can choose.
 */
public enum SoftmaxPrecision {
    /** Softmax and its gradient in float64, as everywhere else in Gradus. */
    FLOAT64,
    /**
     * Softmax probabilities and the logit gradient {@code (p - onehot(y)) / N} rounded to float32 at every operation
     * (Java floats keep subnormals), as in a float32 framework; the rest of the backward pass stays float64.
     */
    FLOAT32
}
