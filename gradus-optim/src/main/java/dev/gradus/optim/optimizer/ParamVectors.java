package dev.gradus.optim.optimizer;

import dev.gradus.tensor.TensorMap;

/**
 * Vector arithmetic over all parameters of a {@link TensorMap} taken together, as one flat vector in
 * name order (the view the full-batch solvers L-BFGS and nonlinear CG work in). Sums run in a fixed
 * order, so results are deterministic.
 */
final class ParamVectors {

    private ParamVectors() {}

    /** ⟨a, b⟩ over every element, in name order. */
    static double dot(TensorMap a, TensorMap b) {
        double s = 0.0;
        for (String name : a.names()) {
            double[] x = a.get(name).data();
            double[] y = b.get(name).data();
            for (int i = 0; i < x.length; i++) {
                s += x[i] * y[i];
            }
        }
        return s;
    }

    /** max |a_i|. */
    static double maxAbs(TensorMap a) {
        double m = 0.0;
        for (String name : a.names()) {
            for (double v : a.get(name).data()) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** Σ |a_i|. */
    static double sumAbs(TensorMap a) {
        double s = 0.0;
        for (String name : a.names()) {
            for (double v : a.get(name).data()) {
                s += Math.abs(v);
            }
        }
        return s;
    }

    /** y ← y + alpha · x. */
    static void axpy(double alpha, TensorMap x, TensorMap y) {
        for (String name : y.names()) {
            double[] xs = x.get(name).data();
            double[] ys = y.get(name).data();
            for (int i = 0; i < ys.length; i++) {
                ys[i] += alpha * xs[i];
            }
        }
    }

    /** out ← x + alpha · d. */
    static void pointOnLine(TensorMap x, double alpha, TensorMap d, TensorMap out) {
        for (String name : out.names()) {
            double[] xs = x.get(name).data();
            double[] ds = d.get(name).data();
            double[] os = out.get(name).data();
            for (int i = 0; i < os.length; i++) {
                os[i] = xs[i] + alpha * ds[i];
            }
        }
    }

    /** out ← alpha · x. */
    static void scaleInto(double alpha, TensorMap x, TensorMap out) {
        for (String name : out.names()) {
            double[] xs = x.get(name).data();
            double[] os = out.get(name).data();
            for (int i = 0; i < os.length; i++) {
                os[i] = alpha * xs[i];
            }
        }
    }

    /** dst ← src, by name. */
    static void copyInto(TensorMap src, TensorMap dst) {
        for (String name : dst.names()) {
            dst.get(name).assign(src.get(name));
        }
    }
}
