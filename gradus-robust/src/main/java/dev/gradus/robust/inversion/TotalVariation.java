package dev.gradus.robust.inversion;

import dev.gradus.autodiff.Var;
import java.util.Arrays;

/**
 * The anisotropic total-variation prior of gradient-inversion attacks (Geiping et al., "Inverting Gradients", 2020),
 * for images {@code [N, H, W]}:
 *
 * <pre>
 * TV(x) = mean |x[:, i+1, j] - x[:, i, j]| + mean |x[:, i, j+1] - x[:, i, j]|
 * </pre>
 */
public final class TotalVariation {
    private TotalVariation() {}

    /** TV of {@code images} ({@code [N, H, W]}, H and W at least 2). */
    public static Var of(Var images) {
        if (images.rank() != 3 || images.dim(1) < 2 || images.dim(2) < 2) {
            throw new IllegalArgumentException("TotalVariation: images must be [N, H, W] with H, W >= 2, got "
                    + Arrays.toString(images.shape()));
        }
        int h = images.dim(1);
        int w = images.dim(2);
        Var dv = images.narrow(1, 1, h - 1).sub(images.narrow(1, 0, h - 1)).abs().mean();
        Var dh = images.narrow(2, 1, w - 1).sub(images.narrow(2, 0, w - 1)).abs().mean();
        return dv.add(dh);
    }
}
