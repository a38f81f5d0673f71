package dev.gradus.privacy.problems;

import dev.gradus.optim.PerSample;
import dev.gradus.privacy.Clipping;
import dev.gradus.privacy.Diff2;
import dev.gradus.privacy.GradSampleMode;
import dev.gradus.privacy.PrivateGradient;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;

/**
 * The least-squares problem of DIFF2's smallest faithful experiment: {@code f(x) = (1/n) Σ ½(a_iᵀx − y_i)²} with
 * n = 20000, d = 20, {@code a_i ~ N(0, I)} (per-example smoothness ‖a_i‖² about d) and {@code y_i = a_iᵀw* + N(0, 0.25)},
 * {@code w* ~ N(0, I/d)}; one node holding every example.
 *
 * @param a the features, row-major {@code [n, d]}
 * @param y the targets
 */
public record LeastSquares(double[] a, double[] y) implements Diff2.Node {
    /** n, the examples. */
    public static final int N = 20000;
    /** d, the dimension. */
    public static final int D = 20;

    /** The problem drawn from {@code seed}. */
    public static LeastSquares of(long seed) {
        RandomStream r = RandomStream.of(seed).fork("data");
        double[] w = new double[D];
        for (int j = 0; j < D; j++) {
            w[j] = r.normal() / Math.sqrt(D);
        }
        double[] a = new double[N * D];
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            double dot = 0;
            for (int j = 0; j < D; j++) {
                a[i * D + j] = r.normal();
                dot += a[i * D + j] * w[j];
            }
            y[i] = dot + 0.5 * r.normal();
        }
        return new LeastSquares(a, y);
    }

    @Override
    public PerSample at(TensorMap x) {
        double[] xv = x.get("x").data();
        double[] g = new double[N * D];
        for (int i = 0; i < N; i++) {
            double res = -y[i];
            for (int j = 0; j < D; j++) {
                res += a[i * D + j] * xv[j];
            }
            for (int j = 0; j < D; j++) {
                g[i * D + j] = res * a[i * D + j];
            }
        }
        return new PerSample() {
            public int size() {
                return N;
            }

            public Tensor losses() {
                double[] l = new double[N];
                for (int i = 0; i < N; i++) {
                    double res = -y[i];
                    for (int j = 0; j < D; j++) {
                        res += a[i * D + j] * xv[j];
                    }
                    l[i] = 0.5 * res * res;
                }
                return Tensor.of(l, N);
            }

            public TensorMap gradients() {
                return TensorMap.of("x", Tensor.of(g, N, D));
            }

            public Map<String, double[]> parameterNorms() {
                return Map.of("x", norms());
            }

            public double[] norms() {
                double[] n = new double[N];
                for (int i = 0; i < N; i++) {
                    double s = 0;
                    for (int j = 0; j < D; j++) {
                        s += g[i * D + j] * g[i * D + j];
                    }
                    n[i] = Math.sqrt(s);
                }
                return n;
            }

            public TensorMap weightedSum(double[] w) {
                double[] s = new double[D];
                for (int i = 0; i < N; i++) {
                    for (int j = 0; j < D; j++) {
                        s[j] += w[i] * g[i * D + j];
                    }
                }
                return TensorMap.of("x", Tensor.of(s, D));
            }
        };
    }

    /** {@code ‖∇f(x)‖²} of the full objective. */
    public double gradNormSquared(double[] x) {
        double[] full = at(TensorMap.of("x", Tensor.of(x.clone(), D))).weightedSum(ones()).get("x").data();
        double s = 0;
        for (double v : full) {
            s += (v / N) * (v / N);
        }
        return s;
    }

    private static double[] ones() {
        double[] o = new double[N];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    /** DP-GD from x = 0: R full-batch steps of {@code lr} with clipping {@code c1} and multiplier σ; the final ‖∇f‖². */
    public double dpGd(int rounds, double lr, double c1, double sigma, RandomStream random) {
        TensorMap x = TensorMap.of("x", Tensor.zeros(D));
        PrivateGradient g = new PrivateGradient(c1, sigma, N, Clipping.FLAT, GradSampleMode.GHOST);
        for (int t = 0; t < rounds; t++) {
            TensorMap step = g.privatize(at(x), x, random.fork(Integer.toString(t)));
            double[] xv = x.get("x").data();
            double[] sv = step.get("x").data();
            for (int j = 0; j < D; j++) {
                xv[j] -= lr * sv[j];
            }
        }
        return gradNormSquared(x.get("x").data());
    }

    /** {@code method} from x = 0 for {@code rounds} rounds on this one node; the final ‖∇f‖² (last iterate). */
    public double diff2(Diff2 method, int rounds, RandomStream random) {
        TensorMap x = TensorMap.of("x", Tensor.zeros(D));
        Diff2.State st = method.init(x);
        for (int t = 0; t < rounds; t++) {
            method.round(x, java.util.List.of(this), st, random.fork(Integer.toString(t)));
        }
        return gradNormSquared(x.get("x").data());
    }

    /**
     * DIFF2-GD with restart period T, C2 = d and the φ = 0.5 split of DP-GD's σ ({@link Diff2#split}).
     */
    public static Diff2 diff2Split(double lr, double c1, double sigma, int restartEvery) {
        double[] s = Diff2.split(sigma, restartEvery, 0.5);
        return new Diff2(lr, c1, D, restartEvery, s[0], s[1]);
    }
}
