package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Objective;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    /** Extended Rosenbrock over a [2, 3] matrix and a [2] vector (8 variables), minimum 0 at all ones. */
    static final Objective ROSENBROCK = (params, grad) -> {
        double[] x = flat(params);
        double[] g = new double[x.length];
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = 1 - x[i];
            double b = x[i + 1] - x[i] * x[i];
            f += a * a + 100 * b * b;
            g[i] += -2 * a - 400 * x[i] * b;
            g[i + 1] += 200 * b;
        }
        unflat(g, grad);
        return f;
    };

    static TensorMap rosenbrockStart() {
        TensorMap p = new TensorMap().put("w", Tensor.zeros(2, 3)).put("b", Tensor.zeros(2));
        double[] start = {-1.2, 1, -1.2, 1, -1.2, 1, -1.2, 1};
        unflat(start, p);
        return p;
    }

    static double[] flat(TensorMap m) {
        double[] out = new double[(int) m.numel()];
        int k = 0;
        for (String n : m.names()) {
            for (double v : m.get(n).data()) {
                out[k++] = v;
            }
        }
        return out;
    }

    static void unflat(double[] x, TensorMap m) {
        int k = 0;
        for (String n : m.names()) {
            double[] d = m.get(n).data();
            for (int i = 0; i < d.length; i++) {
                d[i] = x[k++];
            }
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /**
     * torch.optim.LBFGS with line_search_fn=None, transcribed on flat arrays with growable lists for the
     * history (independent of the ring buffer and the per-parameter layout under test).
     */
    static final class FlatLbfgs {
        final double lr;
        final int maxIter;
        final int maxEval;
        final double tolGrad;
        final double tolChange;
        final int historySize;
        double[] d;
        double t;
        List<double[]> oldDirs = new ArrayList<>();
        List<double[]> oldStps = new ArrayList<>();
        List<Double> ro = new ArrayList<>();
        double hDiag = 1;
        double[] prevFlatGrad;
        int nIterTotal;

        FlatLbfgs(double lr, int maxIter, double tolGrad, double tolChange, int historySize) {
            this.lr = lr;
            this.maxIter = maxIter;
            this.maxEval = maxIter * 5 / 4;
            this.tolGrad = tolGrad;
            this.tolChange = tolChange;
            this.historySize = historySize;
        }

        double step(TensorMap params, Objective f) {
            TensorMap gm = params.zerosLike();
            double loss = f.evaluate(params, gm);
            double orig = loss;
            double[] g = flat(gm);
            int evals = 1;
            if (maxAbs(g) <= tolGrad) {
                return orig;
            }
            int nIter = 0;
            while (nIter < maxIter) {
                nIter++;
                nIterTotal++;
                if (nIterTotal == 1) {
                    d = new double[g.length];
                    for (int i = 0; i < g.length; i++) {
                        d[i] = -g[i];
                    }
                    hDiag = 1;
                } else {
                    double[] y = new double[g.length];
                    double[] s = new double[g.length];
                    for (int i = 0; i < g.length; i++) {
                        y[i] = g[i] - prevFlatGrad[i];
                        s[i] = d[i] * t;
                    }
                    double ys = dot(y, s);
                    if (ys > 1e-10) {
                        if (oldDirs.size() == historySize) {
                            oldDirs.remove(0);
                            oldStps.remove(0);
                            ro.remove(0);
                        }
                        oldDirs.add(y);
                        oldStps.add(s);
                        ro.add(1.0 / ys);
                        hDiag = ys / dot(y, y);
                    }
                    int num = oldDirs.size();
                    double[] al = new double[num];
                    double[] q = new double[g.length];
                    for (int i = 0; i < g.length; i++) {
                        q[i] = -g[i];
                    }
                    for (int i = num - 1; i >= 0; i--) {
                        al[i] = dot(oldStps.get(i), q) * ro.get(i);
                        for (int j = 0; j < q.length; j++) {
                            q[j] += -al[i] * oldDirs.get(i)[j];
                        }
                    }
                    double[] r = new double[g.length];
                    for (int j = 0; j < q.length; j++) {
                        r[j] = q[j] * hDiag;
                    }
                    for (int i = 0; i < num; i++) {
                        double be = dot(oldDirs.get(i), r) * ro.get(i);
                        for (int j = 0; j < r.length; j++) {
                            r[j] += (al[i] - be) * oldStps.get(i)[j];
                        }
                    }
                    d = r;
                }
                prevFlatGrad = g.clone();
                double prevLoss = loss;
                double sumAbs = 0;
                for (double v : g) {
                    sumAbs += Math.abs(v);
                }
                t = nIterTotal == 1 ? Math.min(1.0, 1.0 / sumAbs) * lr : lr;
                double gtd = dot(g, d);
                if (gtd > -tolChange) {
                    break;
                }
                double[] x = flat(params);
                for (int i = 0; i < x.length; i++) {
                    x[i] += t * d[i];
                }
                unflat(x, params);
                int ls = 0;
                boolean opt = false;
                if (nIter != maxIter) {
                    loss = f.evaluate(params, gm);
                    g = flat(gm);
                    opt = maxAbs(g) <= tolGrad;
                    ls = 1;
                }
                evals += ls;
                if (nIter == maxIter || evals >= maxEval || opt) {
                    break;
                }
                double m = 0;
                for (double v : d) {
                    m = Math.max(m, Math.abs(v * t));
                }
                if (m <= tolChange || Math.abs(loss - prevLoss) < tolChange) {
                    break;
                }
            }
            return orig;
        }
    }

    @Test
    void matchesAFlatTranscriptionOfTorchWithoutLineSearchAcrossCallsAndHistoryWraparound() {
        // A well-scaled convex objective so that fixed steps converge: f = Σ c_i (x_i − m_i)² + Σ x_i⁴/4.
        RandomStream rng = RandomStream.of(3);
        double[] c = new double[8];
        double[] m = new double[8];
        rng.fillUniform(c, 0.5, 2);
        rng.fillNormal(m);
        Objective f = (params, grad) -> {
            double[] x = flat(params);
            double[] g = new double[8];
            double v = 0;
            for (int i = 0; i < 8; i++) {
                double dx = x[i] - m[i];
                v += c[i] * dx * dx + x[i] * x[i] * x[i] * x[i] / 4;
                g[i] = 2 * c[i] * dx + x[i] * x[i] * x[i];
            }
            unflat(g, grad);
            return v;
        };
        Lbfgs opt = Optimizers.lbfgs().lr(0.1).maxIter(4).historySize(3).lineSearchFn("none");
        FlatLbfgs ref = new FlatLbfgs(0.1, 4, 1e-7, 1e-9, 3);
        TensorMap a = rosenbrockStart();
        TensorMap b = a.copy();
        Lbfgs.State s = opt.init(a);
        for (int k = 0; k < 6; k++) {
            double la = opt.step(a, f, s);
            double lb = ref.step(b, f);
            assertThat(la).isCloseTo(lb, within(1e-12 * Math.abs(lb)));
        }
        double[] xa = flat(a);
        double[] xb = flat(b);
        for (int i = 0; i < xa.length; i++) {
            assertThat(xa[i]).as("x[%d]", i).isCloseTo(xb[i], within(1e-12));
        }
        assertThat(s.historyLength().get()).as("the ring buffer is full and has wrapped").isEqualTo(3);
        assertThat(s.nIter().get()).isEqualTo(ref.nIterTotal);
    }

    @Test
    void solvesExtendedRosenbrockWithTheStrongWolfeSearch() {
        Lbfgs opt = Optimizers.lbfgs();
        TensorMap p = rosenbrockStart();
        Lbfgs.State s = opt.init(p);
        for (int k = 0; k < 10; k++) {
            opt.step(p, ROSENBROCK, s);
        }
        // torch's stopping rules end it once the loss changes by less than tolerance_change = 1e-9.
        assertThat(ROSENBROCK.evaluate(p, p.zerosLike())).isLessThan(1e-10);
        for (double v : flat(p)) {
            assertThat(v).isCloseTo(1.0, within(1e-5));
        }
        assertThat(s.funcEvals().get()).isLessThan(250);
    }

    @Test
    void stopsAtOnceWhenTheGradientIsBelowTolerance() {
        Lbfgs opt = Optimizers.lbfgs();
        TensorMap p = rosenbrockStart();
        unflat(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, p);
        Lbfgs.State s = opt.init(p);
        assertThat(opt.step(p, ROSENBROCK, s)).isEqualTo(0.0);
        assertThat(s.nIter().get()).isZero();
        assertThat(s.funcEvals().get()).isEqualTo(1);
    }

    @Test
    void specUsesTorchNamesAndNeedsTheObjective() {
        Lbfgs opt = Optimizers.lbfgs();
        assertThat(Specs.print(opt)).isEqualTo("lbfgs(lr=1.0, max_iter=20, max_eval=0, tolerance_grad=1e-07, "
                + "tolerance_change=1e-09, history_size=100, line_search_fn=\"strong_wolfe\")");
        TensorMap p = rosenbrockStart();
        assertThatThrownBy(() -> Requirement.check(opt, java.util.EnumSet.of(Capability.LOSS), "a loss-only caller"))
                .hasMessageContaining("lbfgs needs the loss and its gradient at any point (GRADIENT) for its line search")
                .hasMessageContaining("a loss-only caller offers only the gradient, the loss at any point");
        assertThatThrownBy(() -> opt.lineSearchFn("armijo")).hasMessageContaining("line_search_fn");
    }
}
