package dev.gradus.tensor;

/**
 * Arithmetic over a whole {@link TensorMap} taken as one flat vector, in name order: the view of all
 * parameters together that clipping by global norm, SAM's ascent step and the full-batch solvers (L-BFGS,
 * nonlinear CG) work in. This is the one place these operations live.
 *
 * <p>Every sum runs over the names in the map's order and over each array from index 0, one term at a
 * time, so a result is deterministic and does not depend on threads. Binary operations read the second map
 * by the first map's names; both must hold the same names and shapes. Operations that write a map count
 * one modification of each tensor they write ({@link Tensor#markModified()}), since the map is often the
 * live parameters.
 */
public final class Trees {
    private Trees() {}

    /** ⟨a, b⟩ over every element. */
    public static double dot(TensorMap a, TensorMap b) {
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

    /** Σ a_i² over every element. */
    public static double sumOfSquares(TensorMap a) {
        double s = 0.0;
        for (String name : a.names()) {
            for (double v : a.get(name).data()) {
                s += v * v;
            }
        }
        return s;
    }

    /** The global L2 norm: sqrt(Σ a_i²) over every element of every tensor. */
    public static double globalNorm(TensorMap a) {
        return Math.sqrt(sumOfSquares(a));
    }

    /** max |a_i| (0 for an empty map). */
    public static double maxAbs(TensorMap a) {
        double m = 0.0;
        for (String name : a.names()) {
            for (double v : a.get(name).data()) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** Σ |a_i|. */
    public static double sumAbs(TensorMap a) {
        double s = 0.0;
        for (String name : a.names()) {
            for (double v : a.get(name).data()) {
                s += Math.abs(v);
            }
        }
        return s;
    }

    /** y ← y + alpha · x, in place in {@code y}. */
    public static void axpy(double alpha, TensorMap x, TensorMap y) {
        for (String name : y.names()) {
            double[] xs = x.get(name).data();
            double[] ys = y.get(name).data();
            for (int i = 0; i < ys.length; i++) {
                ys[i] += alpha * xs[i];
            }
            y.get(name).markModified();
        }
    }

    /** out ← x + alpha · d (a point on the line through x along d). */
    public static void pointOnLine(TensorMap x, double alpha, TensorMap d, TensorMap out) {
        for (String name : out.names()) {
            double[] xs = x.get(name).data();
            double[] ds = d.get(name).data();
            double[] os = out.get(name).data();
            for (int i = 0; i < os.length; i++) {
                os[i] = xs[i] + alpha * ds[i];
            }
            out.get(name).markModified();
        }
    }

    /** x ← alpha · x, in place. */
    public static void scale(double alpha, TensorMap x) {
        scaleInto(alpha, x, x);
    }

    /** out ← alpha · x. */
    public static void scaleInto(double alpha, TensorMap x, TensorMap out) {
        for (String name : out.names()) {
            double[] xs = x.get(name).data();
            double[] os = out.get(name).data();
            for (int i = 0; i < os.length; i++) {
                os[i] = alpha * xs[i];
            }
            out.get(name).markModified();
        }
    }

    /** dst ← src, by name. */
    public static void copyInto(TensorMap src, TensorMap dst) {
        for (String name : dst.names()) {
            dst.get(name).assign(src.get(name));
        }
    }

    /** True when every element of every tensor is finite. */
    public static boolean allFinite(TensorMap a) {
        for (String name : a.names()) {
            for (double v : a.get(name).data()) {
                if (!Double.isFinite(v)) {
                    return false;
                }
            }
        }
        return true;
    }
}
