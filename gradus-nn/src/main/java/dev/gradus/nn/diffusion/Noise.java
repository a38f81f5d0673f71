package dev.gradus.nn.diffusion;

import dev.gradus.tensor.RandomStream;

/**
 * How a state's Gaussian noise is drawn: independent entries, or symmetric matrices for an adjacency (GDSS's
 * symmetric noise: the upper triangle i.i.d. {@code N(0, 1)}, mirrored, zero diagonal), so that the diffused
 * adjacency stays symmetric.
 */
@FunctionalInterface
public interface Noise {
    /** Fills {@code out} (the state's data, of shape {@code shape}) with one draw. */
    void fill(double[] out, int[] shape, RandomStream rng);

    /** Independent standard normal entries. */
    static Noise gaussian() {
        return (out, shape, rng) -> rng.fillNormal(out);
    }

    /** Symmetric standard normal matrices with a zero diagonal over the last two axes ({@code [..., N, N]}). */
    static Noise symmetric() {
        return (out, shape, rng) -> {
            int r = shape.length;
            if (r < 2 || shape[r - 1] != shape[r - 2]) {
                throw new IllegalArgumentException("Noise.symmetric: the state must be [..., N, N], got "
                        + java.util.Arrays.toString(shape));
            }
            int n = shape[r - 1];
            int mats = out.length / (n * n);
            for (int b = 0; b < mats; b++) {
                int o = b * n * n;
                for (int i = 0; i < n; i++) {
                    out[o + i * n + i] = 0.0;
                    for (int j = i + 1; j < n; j++) {
                        double z = rng.normal();
                        out[o + i * n + j] = z;
                        out[o + j * n + i] = z;
                    }
                }
            }
        };
    }
}
