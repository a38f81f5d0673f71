package dev.gradus.nn.convex;

import dev.gradus.nn.Linear;
import dev.gradus.nn.ReLU;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;

/**
 * A bias-free two-layer ReLU network {@code f(x) = Σ_j a_j relu(W_j · x)} (a bias is a constant input column),
 * the nonconvex side of the {@link ConvexReluProgram}.
 *
 * @param w the input weights, {@code m} rows of {@code d}
 * @param a the output weights, {@code m}
 */
public record TwoLayerRelu(double[][] w, double[] a) {

    /** Checks that there is one output weight per neuron. */
    public TwoLayerRelu {
        if (w.length != a.length) {
            throw new IllegalArgumentException("two-layer relu: " + w.length + " neurons but " + a.length
                    + " output weights");
        }
    }

    /** The width {@code m}. */
    public int width() {
        return a.length;
    }

    /** {@code f(x_k)} for every row of {@code x}. */
    public double[] predict(double[][] x) {
        double[] f = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double s = 0.0;
            for (int j = 0; j < a.length; j++) {
                double z = 0.0;
                for (int c = 0; c < w[j].length; c++) {
                    z += w[j][c] * x[k][c];
                }
                if (z > 0.0) {
                    s += a[j] * z;
                }
            }
            f[k] = s;
        }
        return f;
    }

    /** The nonconvex objective {@code ½‖f(X) − y‖² + (β/2)(‖W‖²_F + ‖a‖²)}. */
    public double objective(double[][] x, double[] y, double beta) {
        double[] f = predict(x);
        double loss = 0.0;
        for (int k = 0; k < f.length; k++) {
            double r = f[k] - y[k];
            loss += 0.5 * r * r;
        }
        double sq = 0.0;
        for (int j = 0; j < a.length; j++) {
            sq += a[j] * a[j];
            for (double v : w[j]) {
                sq += v * v;
            }
        }
        return loss + 0.5 * beta * sq;
    }

    /**
     * The same network as a Gradus module: {@code Linear(d, m, no bias) → ReLU → Linear(m, 1, no bias)}, ready
     * to train further or to save.
     *
     * @throws IllegalStateException for a network of width 0, which has no module form
     */
    public Sequential toModule() {
        if (a.length == 0) {
            throw new IllegalStateException("two-layer relu: width 0 (all blocks zero) has no module form");
        }
        int d = w[0].length;
        int m = a.length;
        RandomStream unused = RandomStream.of(0);
        Linear first = new Linear(d, m, false, unused);
        Linear second = new Linear(m, 1, false, unused);
        double[] fw = first.weight().value().data();
        for (int j = 0; j < m; j++) {
            System.arraycopy(w[j], 0, fw, j * d, d);
        }
        System.arraycopy(a, 0, second.weight().value().data(), 0, m);
        return new Sequential(first, new ReLU(), second);
    }
}
