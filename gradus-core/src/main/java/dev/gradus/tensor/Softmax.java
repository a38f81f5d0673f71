package dev.gradus.tensor;

/**
 * Softmax and log-softmax along an axis, both shifted by the maximum along the axis so that no
 * exponential overflows: {@code softmax(x)_k = e^(x_k - m) / sum_j e^(x_j - m)} and
 * {@code logSoftmax(x)_k = x_k - m - log(sum_j e^(x_j - m))}.
 */
public final class Softmax {
    private Softmax() {}

    /** The softmax along {@code axis} (each slice along the axis sums to 1). */
    public static Tensor softmax(Tensor x, int axis, Tensor out) {
        return run("softmax", x, axis, out, false);
    }

    /** The log-softmax along {@code axis}. */
    public static Tensor logSoftmax(Tensor x, int axis, Tensor out) {
        return run("logSoftmax", x, axis, out, true);
    }

    private static Tensor run(String op, Tensor x, int axis, Tensor out, boolean log) {
        int[] s = x.shapeRef();
        int ax = Shapes.normalizeAxis(op, axis, s.length);
        int outer = Shapes.outerSize(s, ax), n = s[ax], inner = Shapes.innerSize(s, ax);
        Tensor o = Elementwise.prepareShape(op, out, s);
        double[] d = x.data(), od = o.data();
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < inner; i++) {
                int base = p * n * inner + i;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) m = Math.max(m, d[base + k * inner]);
                double z = 0;
                for (int k = 0; k < n; k++) {
                    double e = Math.exp(d[base + k * inner] - m);
                    if (!log) od[base + k * inner] = e;
                    z += e;
                }
                if (log) {
                    double shift = m + Math.log(z);
                    for (int k = 0; k < n; k++) od[base + k * inner] = d[base + k * inner] - shift;
                } else {
                    double inv = 1.0 / z;
                    for (int k = 0; k < n; k++) od[base + k * inner] *= inv;
                }
            }
        }
        return o;
    }
}
