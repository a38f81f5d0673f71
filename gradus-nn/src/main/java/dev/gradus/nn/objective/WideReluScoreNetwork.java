package dev.gradus.nn.objective;

import dev.gradus.nn.Initializer;
import dev.gradus.nn.Linear;
import dev.gradus.nn.ReLU;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;

/**
 * The score network of the wide-network analysis (Han, Razaviyayn, Xu, ICLR 2024; the digest's setup):
 * {@code s(x) = Σ_j a_j relu(w_j · x + b_j)} of width {@code m}, the first layer trained, the output weights
 * {@code a_j = ±1/√m} fixed (half each sign, not trainable), the first layer initialised {@code N(0, 1)}. It is
 * a {@link Sequential} {@code Linear(d, m) → ReLU → Linear(m, d, no bias)}; with {@code d > 1} each output has
 * its own fixed signs.
 */
public final class WideReluScoreNetwork {

    private WideReluScoreNetwork() {
    }

    /** A network for {@code d}-dimensional inputs of width {@code m ≥ 2}. */
    public static Sequential build(int d, int m, RandomStream rng) {
        if (d < 1 || m < 2) {
            throw new IllegalArgumentException("wide relu score network: needs d >= 1 and width >= 2, got d=" + d
                    + ", m=" + m);
        }
        Initializer normal = (t, r) -> r.fillNormal(t.data());
        Linear first = new Linear(d, m, true, normal, normal, rng);
        Linear out = new Linear(m, d, false, rng);
        double[] a = out.weight().value().data();
        double scale = 1.0 / Math.sqrt(m);
        for (int o = 0; o < d; o++) {
            for (int j = 0; j < m; j++) {
                a[o * m + j] = (j % 2 == 0 ? scale : -scale);
            }
        }
        out.weight().setTrainable(false);
        return new Sequential(first, new ReLU(), out);
    }
}
