package dev.gradus.privacy;

/** How the clipped sum of per-example gradients is formed (Opacus' {@code grad_sample_mode}). */
public enum GradSampleMode {
    /**
     * Norms from the ghost rule ({@code ‖δ_i‖·‖a_i‖} for a dense layer) and the clipped sum as one weighted matrix
     * product per layer, never forming a per-example gradient: Opacus' ghost clipping, in one backward pass.
     */
    GHOST,
    /** Every per-example gradient formed ({@code [B, ...]} per parameter), clipped and summed: the reference path. */
    MATERIALIZED
}
