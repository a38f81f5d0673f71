package dev.gradus.optim.bcd;

/**
 * How the selected block moves (Nutini, Laradji, Schmidt, JMLR 2022, §4), for the gradient block {@code g_b} and,
 * with an L1 weight {@code λ}, the soft-threshold {@code S_τ(z) = sign(z)·max(|z| − τ, 0)}.
 */
public enum BlockUpdate {

    /**
     * "Lb": {@code x_b ← x_b − g_b/L_b}; with L1, the proximal step {@code x_b ← S_{λ/L_b}(x_b − g_b/L_b)}.
     * Guaranteed descent because {@code L_b} bounds the block curvature.
     */
    LIPSCHITZ,

    /**
     * "Hb": {@code x_b ← x_b − H_bb⁺ g_b} with the block Hessian at the current point (pseudo-inverse when
     * {@code H_bb} is singular). With L1, the block's proximal Newton subproblem
     * {@code min_d g_bᵀd + ½dᵀH_bb d + λ‖x_b + d‖₁}, solved by soft-thresholding coordinate sweeps. For losses
     * other than least squares (where the model is exact) the step is damped by Armijo backtracking on {@code F}.
     */
    NEWTON
}
