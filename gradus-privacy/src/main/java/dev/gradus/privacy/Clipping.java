package dev.gradus.privacy;

/** How per-example gradients are bounded before noise is added. */
public enum Clipping {
    /**
     * One norm over all parameters jointly: {@code factor_i = min(1, C/(‖g_i‖ + 1e-6))} (Opacus
     * {@code clipping="flat"}); the sensitivity of the clipped sum is C.
     */
    FLAT,
    /**
     * Each parameter tensor clipped to its own threshold {@code C_l = C/√k} for k tensors (Opacus
     * {@code clipping="per_layer"} with an equal split), so that {@code Σ C_l² = C²}: the clipped sum again has
     * sensitivity C, and the same noise {@code σC} gives the same privacy.
     */
    PER_LAYER
}
