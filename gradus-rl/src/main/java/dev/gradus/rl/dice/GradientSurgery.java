package dev.gradus.rl.dice;

import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * Gradient surgery over whole parameter trees (all tensors as one flat vector): the orthogonal-gradient projection of
 * ODICE (Mao et al., ICLR 2024), reusable for PCGrad-style multi-task training.
 * <pre>
 *   projectOntoNormalPlane(g_b, g_f) = g_b − (⟨g_f, g_b⟩ / max(‖g_f‖², 1e-10)) · g_f
 * </pre>
 */
public final class GradientSurgery {
    /** The floor of ‖g_f‖² (the reference code's). */
    public static final double EPS = 1e-10;

    private GradientSurgery() {}

    /** g_b with its component along g_f removed (a new tree). */
    public static TensorMap projectOntoNormalPlane(TensorMap gb, TensorMap gf) {
        double c = Trees.dot(gf, gb) / Math.max(Trees.sumOfSquares(gf), EPS);
        TensorMap out = gb.copy();
        Trees.axpy(-c, gf, out);
        return out;
    }

    /** cos(a, b) over the whole trees; 0 when either is zero. */
    public static double cosine(TensorMap a, TensorMap b) {
        double na = Trees.globalNorm(a);
        double nb = Trees.globalNorm(b);
        return na == 0 || nb == 0 ? 0 : Trees.dot(a, b) / (na * nb);
    }
}
