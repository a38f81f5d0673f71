package dev.gradus.nn.objective;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * HGP and Hutchinson against the exact Hessian of a softmax linear head (d = 8, K = 3, two domains), where
 * {@code H[(i,a),(j,b)] = (1/N) Σ_k x_ki x_kj p_ka (δ_ab − p_kb)} and {@code g[(i,a)] = (1/N) Σ_k x_ki (p_ka − y_ka)}.
 */
class HessianAlignmentTest {

    private static final int D = 8;
    private static final int K = 3;

    record Domain(double[][] x, int[] labels) {
    }

    static Domain domain(int n, double shift, long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[][] x = new double[n][D];
        int[] y = new int[n];
        for (int k = 0; k < n; k++) {
            y[k] = rng.nextInt(K);
            for (int i = 0; i < D; i++) {
                x[k][i] = rng.normal() + (i == y[k] ? 1.0 : 0.0) + shift * (i == D - 1 ? 1 : 0);
            }
        }
        return new Domain(x, y);
    }

    static Tensor matrix(double[][] a) {
        double[] flat = new double[a.length * a[0].length];
        for (int k = 0; k < a.length; k++) {
            System.arraycopy(a[k], 0, flat, k * a[0].length, a[0].length);
        }
        return Tensor.of(flat, a.length, a[0].length);
    }

    static Var loss(Domain dom, Var w) {
        return Losses.softmaxCrossEntropy(Var.constant(matrix(dom.x())).matmul(w), dom.labels());
    }

    /** Exact gradient (index i*K + a) and Hessian of the mean cross-entropy of a linear softmax head. */
    static double[][] exactHessian(Domain dom, double[] w, double[] gradOut) {
        int n = dom.x().length;
        int m = D * K;
        double[][] h = new double[m][m];
        java.util.Arrays.fill(gradOut, 0.0);
        for (int k = 0; k < n; k++) {
            double[] x = dom.x()[k];
            double[] z = new double[K];
            double max = Double.NEGATIVE_INFINITY;
            for (int a = 0; a < K; a++) {
                for (int i = 0; i < D; i++) {
                    z[a] += x[i] * w[i * K + a];
                }
                max = Math.max(max, z[a]);
            }
            double sum = 0;
            for (int a = 0; a < K; a++) {
                z[a] = Math.exp(z[a] - max);
                sum += z[a];
            }
            for (int a = 0; a < K; a++) {
                z[a] /= sum;
            }
            for (int i = 0; i < D; i++) {
                for (int a = 0; a < K; a++) {
                    gradOut[i * K + a] += x[i] * (z[a] - (dom.labels()[k] == a ? 1 : 0)) / n;
                    for (int j = 0; j < D; j++) {
                        for (int b = 0; b < K; b++) {
                            h[i * K + a][j * K + b] += x[i] * x[j] * z[a] * ((a == b ? 1 : 0) - z[b]) / n;
                        }
                    }
                }
            }
        }
        return h;
    }

    static double[] times(double[][] h, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += h[i][j] * v[j];
            }
        }
        return out;
    }

    static double sqDist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }

    static double[] weights() {
        return Tensor.randn(RandomStream.of(99), D * K).mul(0.3).data();
    }

    @Test
    void hgpEqualsTheExactHessianGradientProductAndPenalty() {
        Domain d1 = domain(20, 0.0, 1);
        Domain d2 = domain(25, 1.5, 2);
        double[] w = weights();
        Var wv = Var.param(Tensor.of(w.clone(), D, K));
        double[] g1 = new double[D * K];
        double[] g2 = new double[D * K];
        double[][] h1 = exactHessian(d1, w, g1);
        double[][] h2 = exactHessian(d2, w, g2);
        double[] hg1 = times(h1, g1);
        double[] hg2 = times(h2, g2);

        Var l1 = loss(d1, wv);
        Var l2 = loss(d2, wv);
        assertThat(HessianAlignment.gradient(l1, List.of(wv)).value().data()).containsExactly(g1, within(1e-13));
        double[] got1 = HessianAlignment.hessianGradientProduct(l1, List.of(wv)).value().data();
        double[] got2 = HessianAlignment.hessianGradientProduct(l2, List.of(wv)).value().data();
        double scale = Math.sqrt(sqDist(hg1, new double[hg1.length]));
        assertThat(Math.sqrt(sqDist(got1, hg1)) / scale).isLessThan(1e-10);
        assertThat(Math.sqrt(sqDist(got2, hg2)) / scale).isLessThan(1e-10);

        double[] gBar = new double[D * K];
        double[][] hBar = new double[D * K][D * K];
        for (int i = 0; i < gBar.length; i++) {
            gBar[i] = (g1[i] + g2[i]) / 2;
            for (int j = 0; j < gBar.length; j++) {
                hBar[i][j] = (h1[i][j] + h2[i][j]) / 2;
            }
        }
        double[] hgBar = times(hBar, gBar);
        double expected = sqDist(hg1, hgBar) + sqDist(hg2, hgBar) + sqDist(g1, gBar) + sqDist(g2, gBar);
        double penalty = HessianAlignment.hgpPenalty(List.of(l1, l2), List.of(wv)).item();
        assertThat(penalty).isCloseTo(expected, within(1e-12 * (1 + expected)));
    }

    @Test
    void hutchinsonDiagonalErrorFallsLikeOneOverRootS() {
        Domain d1 = domain(30, 0.0, 3);
        double[] w = weights();
        Var wv = Var.param(Tensor.of(w.clone(), D, K));
        double[][] h = exactHessian(d1, w, new double[D * K]);
        double[] diag = new double[D * K];
        for (int i = 0; i < diag.length; i++) {
            diag[i] = h[i][i];
        }
        double norm = Math.sqrt(sqDist(diag, new double[diag.length]));
        Var l1 = loss(d1, wv);
        int[] sizes = {10, 100, 1000};
        double[] err = new double[sizes.length];
        int seeds = 8;
        for (int s = 0; s < sizes.length; s++) {
            for (int seed = 0; seed < seeds; seed++) {
                List<Tensor> probes = HessianAlignment.rademacherProbes(D * K, sizes[s], RandomStream.of(seed));
                double[] est = HessianAlignment.hutchinsonDiagonal(l1, List.of(wv), probes).value().data();
                err[s] += Math.sqrt(sqDist(est, diag)) / norm / seeds;
            }
        }
        double slope = (Math.log(err[2]) - Math.log(err[0])) / (Math.log(1000) - Math.log(10));
        assertThat(slope).as("log-log slope of the error, errors %s", java.util.Arrays.toString(err))
                .isBetween(-0.6, -0.4);
    }

    @Test
    void thePenaltyIsDifferentiableIntoTheFeatureExtractor() {
        // Third-order derivatives: the penalty's gradient with respect to the features' weights V, against central
        // differences. (GradCheck evaluates on constants, where the penalty's inner gradients do not exist, so
        // the numeric side re-evaluates on fresh leaves here.)
        Domain d1 = domain(6, 0.0, 5);
        Domain d2 = domain(7, 1.0, 6);
        Tensor v0 = Tensor.randn(RandomStream.of(7), D, D).mul(0.4);
        Tensor w0 = Tensor.randn(RandomStream.of(8), D, K).mul(0.4);
        for (AlignmentPenalty kind : List.of(AlignmentPenalty.HGP, AlignmentPenalty.HUTCHINSON)) {
            Var v = Var.param(v0.copy());
            Var w = Var.param(w0.copy());
            List<Tensor> analytic = dev.gradus.autodiff.Autodiff.grad(penalty(kind, d1, d2, v, w), List.of(v, w));
            double eps = 1e-5;
            double worst = 0;
            for (int which = 0; which < 2; which++) {
                Tensor base = which == 0 ? v0 : w0;
                for (int e = 0; e < base.size(); e++) {
                    Tensor plus = base.copy();
                    Tensor minus = base.copy();
                    plus.data()[e] += eps;
                    minus.data()[e] -= eps;
                    double fp = which == 0 ? penalty(kind, d1, d2, Var.param(plus), Var.param(w0.copy())).item()
                            : penalty(kind, d1, d2, Var.param(v0.copy()), Var.param(plus)).item();
                    double fm = which == 0 ? penalty(kind, d1, d2, Var.param(minus), Var.param(w0.copy())).item()
                            : penalty(kind, d1, d2, Var.param(v0.copy()), Var.param(minus)).item();
                    double numeric = (fp - fm) / (2 * eps);
                    double a = analytic.get(which).data()[e];
                    worst = Math.max(worst, Math.abs(a - numeric) / Math.max(1.0, Math.abs(numeric)));
                }
            }
            assertThat(worst).as(kind.name()).isLessThan(1e-7);
            assertThat(analytic.get(0).norm()).as("%s reaches V", kind).isGreaterThan(1e-6);
        }
    }

    private static Var penalty(AlignmentPenalty kind, Domain d1, Domain d2, Var v, Var w) {
        Var l1 = Losses.softmaxCrossEntropy(Var.constant(matrix(d1.x())).matmul(v).tanh().matmul(w), d1.labels());
        Var l2 = Losses.softmaxCrossEntropy(Var.constant(matrix(d2.x())).matmul(v).tanh().matmul(w), d2.labels());
        return kind == AlignmentPenalty.HGP ? HessianAlignment.hgpPenalty(List.of(l1, l2), List.of(w))
                : HessianAlignment.hutchinsonPenalty(List.of(l1, l2), List.of(w), RandomStream.of(1), 4);
    }

    @Test
    void identicalDomainsHaveNoPenaltyAndBadInputIsRefused() {
        Domain d1 = domain(10, 0.0, 9);
        Var wv = Var.param(Tensor.of(weights(), D, K));
        Var l1 = loss(d1, wv);
        Var l1b = loss(d1, wv);
        assertThat(HessianAlignment.hgpPenalty(List.of(l1, l1b), List.of(wv)).item()).isCloseTo(0.0, within(1e-24));
        assertThatThrownBy(() -> HessianAlignment.hgpPenalty(List.of(), List.of(wv)))
                .hasMessageContaining("at least one domain");
        assertThatThrownBy(() -> HessianAlignment.hutchinsonDiagonal(l1, List.of(wv),
                List.of(Tensor.ones(3)))).hasMessageContaining("probe has 3 entries, the head has 24");
    }
}
