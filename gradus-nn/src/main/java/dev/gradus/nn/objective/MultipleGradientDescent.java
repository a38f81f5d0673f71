package dev.gradus.nn.objective;

import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * MGDA, the multiple-gradient descent algorithm: the common descent direction of {@code m} objectives is the
 * minimum-norm point of the convex hull of their gradients,
 * <pre>
 *   α* = argmin_{α ∈ Δ_m} ‖Σ_i α_i g_i‖²,    d = Σ_i α*_i g_i,
 * </pre>
 * and {@code d = 0} exactly when the point is Pareto-stationary; otherwise {@code g_j · d ≥ ‖d‖² > 0} for every
 * {@code j}, so a small step along {@code −d} lowers every objective.
 *
 * <p>Solver (Sener and Koltun's {@code MinNormSolver}, on the Gram matrix {@code M = G Gᵀ}): two objectives in
 * closed form, weight on {@code g₁} {@code α = clip(((g₂ − g₁)·g₂) / ‖g₁ − g₂‖², 0, 1)}; more objectives by
 * Frank–Wolfe from the best two-objective solution: pick {@code t = argmin_i (Mα)_i}, take the exact line search between
 * {@code v₁ = Gᵀα} and {@code v₂ = g_t}, {@code γ = clip((v₁·v₁ − v₁·v₂) / ‖v₁ − v₂‖², 0, 1)},
 * {@code α ← (1 − γ) α + γ e_t}, until the change in α is below {@code 1e-10} or after 250 iterations (the
 * reference's {@code MAX_ITER = 250}, {@code STOP_CRIT = 1e-5}; the tighter tolerance costs nothing at this
 * size).
 *
 * <p>References: J.-A. Désidéri, "Multiple-gradient descent algorithm (MGDA) for multiobjective optimization",
 * C. R. Math. 2012; O. Sener, V. Koltun, "Multi-Task Learning as Multi-Objective Optimization", NeurIPS 2018.
 *
 * <pre>{@code
 * double[] alpha = MultipleGradientDescent.weights(List.of(g1, g2, g3));   // TensorMaps over the shared parameters
 * TensorMap d = MultipleGradientDescent.combine(List.of(g1, g2, g3), alpha);
 * }</pre>
 */
public final class MultipleGradientDescent {

    /** Frank–Wolfe iteration cap. */
    public static final int MAX_ITERATIONS = 250;
    /** Frank–Wolfe stops when the largest change of a weight is below this. */
    public static final double TOLERANCE = 1e-10;

    private MultipleGradientDescent() {}

    /** The min-norm weights of the gradients (each over the same parameter names). */
    public static double[] weights(List<TensorMap> gradients) {
        return weights(gram(gradients));
    }

    /** The min-norm weights from the Gram matrix {@code M_ij = g_i · g_j} (symmetric, m ≥ 1). */
    public static double[] weights(double[][] gram) {
        int m = checkGram(gram, "MultipleGradientDescent");
        if (m == 1) {
            return new double[] {1.0};
        }
        if (m == 2) {
            double a = twoPoint(gram[0][0], gram[0][1], gram[1][1]);
            return new double[] {a, 1.0 - a};
        }
        double[] alpha = bestPair(gram);
        double[] ma = new double[m];
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            times(gram, alpha, ma);
            int t = 0;
            for (int i = 1; i < m; i++) {
                if (ma[i] < ma[t]) {
                    t = i;
                }
            }
            double v1v1 = dot(alpha, ma);
            double v1v2 = ma[t];
            double v2v2 = gram[t][t];
            // twoPoint gives the weight on the first vector; here the first is v2 = g_t.
            double gamma = twoPoint(v2v2, v1v2, v1v1);
            double change = 0.0;
            for (int i = 0; i < m; i++) {
                double next = (1.0 - gamma) * alpha[i] + (i == t ? gamma : 0.0);
                change = Math.max(change, Math.abs(next - alpha[i]));
                alpha[i] = next;
            }
            if (change < TOLERANCE) {
                break;
            }
        }
        return alpha;
    }

    /** The min-norm point over the best of the pairs' segments, Frank–Wolfe's start. */
    private static double[] bestPair(double[][] gram) {
        int m = gram.length;
        double[] alpha = new double[m];
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            for (int j = i + 1; j < m; j++) {
                double a = twoPoint(gram[i][i], gram[i][j], gram[j][j]);
                double norm = a * a * gram[i][i] + 2 * a * (1 - a) * gram[i][j] + (1 - a) * (1 - a) * gram[j][j];
                if (norm < best) {
                    best = norm;
                    java.util.Arrays.fill(alpha, 0.0);
                    alpha[i] = a;
                    alpha[j] = 1 - a;
                }
            }
        }
        return alpha;
    }

    /**
     * The weight {@code a} on {@code u} of the min-norm point {@code a u + (1 − a) v} of a segment, from
     * {@code u·u}, {@code u·v} and {@code v·v}: {@code clip((v·v − u·v) / (u·u + v·v − 2 u·v), 0, 1)}; 0.5 when
     * the two points coincide.
     */
    static double twoPoint(double uu, double uv, double vv) {
        double den = uu + vv - 2.0 * uv;
        if (!(den > 1e-300)) {
            return 0.5;
        }
        return Math.min(1.0, Math.max(0.0, (vv - uv) / den));
    }

    /** The Gram matrix {@code M_ij = g_i · g_j} of gradients over the same parameter names. */
    public static double[][] gram(List<TensorMap> gradients) {
        if (gradients.isEmpty()) {
            throw new IllegalArgumentException("MultipleGradientDescent: no gradient given");
        }
        int m = gradients.size();
        for (int i = 1; i < m; i++) {
            gradients.get(0).requireSameStructure("MultipleGradientDescent gradient " + i, gradients.get(i));
        }
        double[][] g = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                double s = 0.0;
                for (String name : gradients.get(i).names()) {
                    double[] a = gradients.get(i).get(name).data();
                    double[] b = gradients.get(j).get(name).data();
                    for (int k = 0; k < a.length; k++) {
                        s += a[k] * b[k];
                    }
                }
                g[i][j] = s;
                g[j][i] = s;
            }
        }
        return g;
    }

    /** The inner products {@code g_i · v} of each gradient with a guide {@code v} over the same names. */
    public static double[] alignment(List<TensorMap> gradients, TensorMap guide) {
        double[] out = new double[gradients.size()];
        for (int i = 0; i < out.length; i++) {
            guide.requireSameStructure("MultipleGradientDescent gradient " + i, gradients.get(i));
            double s = 0.0;
            for (String name : guide.names()) {
                double[] a = gradients.get(i).get(name).data();
                double[] b = guide.get(name).data();
                for (int k = 0; k < a.length; k++) {
                    s += a[k] * b[k];
                }
            }
            out[i] = s;
        }
        return out;
    }

    /** {@code Σ_i α_i g_i}, a new map. */
    public static TensorMap combine(List<TensorMap> gradients, double[] alpha) {
        if (alpha.length != gradients.size() || gradients.isEmpty()) {
            throw new IllegalArgumentException("MultipleGradientDescent.combine: " + alpha.length + " weights for "
                    + gradients.size() + " gradients");
        }
        TensorMap out = gradients.get(0).zerosLike();
        for (int i = 0; i < alpha.length; i++) {
            for (String name : out.names()) {
                double[] o = out.get(name).data();
                double[] g = gradients.get(i).get(name).data();
                for (int k = 0; k < o.length; k++) {
                    o[k] += alpha[i] * g[k];
                }
            }
        }
        return out;
    }

    static int checkGram(double[][] gram, String who) {
        int m = gram.length;
        if (m == 0) {
            throw new IllegalArgumentException(who + ": the Gram matrix is empty");
        }
        for (int i = 0; i < m; i++) {
            if (gram[i].length != m) {
                throw new IllegalArgumentException(who + ": Gram row " + i + " has " + gram[i].length
                        + " entries, not " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(gram[i][j])) {
                    throw new IllegalArgumentException(who + ": Gram entry (" + i + ", " + j + ") is " + gram[i][j]);
                }
            }
        }
        return m;
    }

    static void times(double[][] a, double[] x, double[] out) {
        for (int i = 0; i < a.length; i++) {
            double s = 0.0;
            for (int j = 0; j < x.length; j++) {
                s += a[i][j] * x[j];
            }
            out[i] = s;
        }
    }

    static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
