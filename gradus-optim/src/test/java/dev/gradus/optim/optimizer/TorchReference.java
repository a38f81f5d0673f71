package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * Straightforward, allocation-heavy transcriptions of the reference Python optimizers, written op by op
 * as in the reference (one temporary array per torch op), independent of the fused kernels under test.
 */
final class TorchReference {

    private TorchReference() {}

    /** Parameters with a rank-4 "conv" weight, a matrix, a bias and a head, seeded. */
    static TensorMap scaleInvariantProblem(long seed) {
        RandomStream rng = RandomStream.of(seed);
        TensorMap m = new TensorMap();
        m.put("conv.weight", randn(rng, 3, 2, 2, 2));
        m.put("fc.weight", randn(rng, 4, 5));
        m.put("fc.bias", randn(rng, 4));
        m.put("head.weight", randn(rng, 2, 4));
        return m;
    }

    /**
     * Gradients that exercise every branch: conv rows orthogonal to the weight rows (channel-wise
     * invariant), fc orthogonal to fc only as a whole (layer-wise), bias and head generic.
     */
    static TensorMap orthogonalGradients(TensorMap params, RandomStream rng) {
        TensorMap g = new TensorMap();
        params.forEach((name, p) -> {
            Tensor r = randn(rng, p.shape());
            if (name.equals("conv.weight")) {
                removeComponent(p.data(), r.data(), p.dim(0));
            } else if (name.equals("fc.weight")) {
                removeComponent(p.data(), r.data(), 1);
            }
            g.put(name, r);
        });
        return g;
    }

    private static void removeComponent(double[] p, double[] r, int rows) {
        int len = p.length / rows;
        for (int b = 0; b < rows; b++) {
            double pr = 0;
            double pp = 0;
            for (int j = b * len; j < (b + 1) * len; j++) {
                pr += p[j] * r[j];
                pp += p[j] * p[j];
            }
            for (int j = b * len; j < (b + 1) * len; j++) {
                r[j] -= p[j] * pr / pp;
            }
        }
    }

    static Tensor randn(RandomStream rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        rng.fillNormal(t.data());
        return t;
    }

    static void assertClose(TensorMap actual, TensorMap expected, double rtol) {
        for (String name : expected.names()) {
            double[] a = actual.get(name).data();
            double[] e = expected.get(name).data();
            for (int i = 0; i < e.length; i++) {
                double tol = rtol * Math.max(Math.abs(e[i]), 1e-6);
                assertThat(Math.abs(a[i] - e[i])).as("%s[%d]: %s vs %s", name, i, a[i], e[i]).isLessThanOrEqualTo(tol);
            }
        }
    }

    // ---- element-wise helpers standing in for torch ops (each returns a new array) ----

    static double[] mul(double[] a, double s) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] * s;
        }
        return r;
    }

    static double[] add(double[] a, double[] b, double alpha) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] + alpha * b[i];
        }
        return r;
    }

    /**
     * {@code _projection} of clovaai/AdamP: returns the factor and projects {@code perturb} in place.
     * Uses {@code F.cosine_similarity}'s PyTorch ≥ 1.12 form: (x / max(‖x‖, eps)) · (y / max(‖y‖, eps)).
     */
    static double projection(Tensor p, double[] grad, double[] perturb, double delta, double wdRatio, double eps) {
        int[] viewsRows = {p.dim(0), 1};
        for (int rows : viewsRows) {
            int cols = p.size() / rows;
            double maxCos = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                double nx = 0;
                double ny = 0;
                for (int j = r * cols; j < (r + 1) * cols; j++) {
                    nx += grad[j] * grad[j];
                    ny += p.data()[j] * p.data()[j];
                }
                nx = Math.max(Math.sqrt(nx), eps);
                ny = Math.max(Math.sqrt(ny), eps);
                double c = 0;
                for (int j = r * cols; j < (r + 1) * cols; j++) {
                    c += (grad[j] / nx) * (p.data()[j] / ny);
                }
                maxCos = Math.max(maxCos, Math.abs(c));
            }
            if (maxCos < delta / Math.sqrt(cols)) {
                double[] pn = new double[p.size()];
                for (int r = 0; r < rows; r++) {
                    double n = 0;
                    for (int j = r * cols; j < (r + 1) * cols; j++) {
                        n += p.data()[j] * p.data()[j];
                    }
                    n = Math.sqrt(n) + eps;
                    for (int j = r * cols; j < (r + 1) * cols; j++) {
                        pn[j] = p.data()[j] / n;
                    }
                }
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    for (int j = r * cols; j < (r + 1) * cols; j++) {
                        s += pn[j] * perturb[j];
                    }
                    for (int j = r * cols; j < (r + 1) * cols; j++) {
                        perturb[j] -= pn[j] * s;
                    }
                }
                return wdRatio;
            }
        }
        return 1.0;
    }

    /** clovaai/AdamP adamp/adamp.py, step by step. */
    static final class AdamP {
        final double lr, b1, b2, eps, wd, delta, wdRatio;
        final boolean nesterov;
        TensorMap expAvg;
        TensorMap expAvgSq;
        int step;

        AdamP(double lr, double b1, double b2, double eps, double wd, double delta, double wdRatio, boolean nesterov) {
            this.lr = lr;
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            this.wd = wd;
            this.delta = delta;
            this.wdRatio = wdRatio;
            this.nesterov = nesterov;
        }

        void step(TensorMap params, TensorMap grads) {
            if (expAvg == null) {
                expAvg = params.zerosLike();
                expAvgSq = params.zerosLike();
            }
            step++;
            double bc1 = 1 - Math.pow(b1, step);
            double bc2 = 1 - Math.pow(b2, step);
            for (String name : params.names()) {
                Tensor p = params.get(name);
                double[] grad = grads.get(name).data();
                double[] m = add(mul(expAvg.get(name).data(), b1), grad, 1 - b1);
                double[] gg = new double[grad.length];
                for (int i = 0; i < gg.length; i++) {
                    gg[i] = grad[i] * grad[i];
                }
                double[] v = add(mul(expAvgSq.get(name).data(), b2), gg, 1 - b2);
                System.arraycopy(m, 0, expAvg.get(name).data(), 0, m.length);
                System.arraycopy(v, 0, expAvgSq.get(name).data(), 0, v.length);
                double[] denom = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    denom[i] = Math.sqrt(v[i]) / Math.sqrt(bc2) + eps;
                }
                double stepSize = lr / bc1;
                double[] perturb = new double[v.length];
                double[] num = nesterov ? add(mul(m, b1), grad, 1 - b1) : m;
                for (int i = 0; i < v.length; i++) {
                    perturb[i] = num[i] / denom[i];
                }
                double ratio = 1;
                if (p.rank() > 1) {
                    ratio = projection(p, grad, perturb, delta, wdRatio, eps);
                }
                double[] pd = p.data();
                if (wd > 0) {
                    for (int i = 0; i < pd.length; i++) {
                        pd[i] *= 1 - lr * wd * ratio;
                    }
                }
                for (int i = 0; i < pd.length; i++) {
                    pd[i] += -stepSize * perturb[i];
                }
            }
        }
    }

    /** clovaai/AdamP adamp/sgdp.py, step by step (d_p aliases the buffer when not nesterov). */
    static final class SgdP {
        final double lr, momentum, dampening, wd, eps, delta, wdRatio;
        final boolean nesterov;
        TensorMap buffers;

        SgdP(double lr, double momentum, double dampening, double wd, boolean nesterov, double eps, double delta,
                double wdRatio) {
            this.lr = lr;
            this.momentum = momentum;
            this.dampening = dampening;
            this.wd = wd;
            this.nesterov = nesterov;
            this.eps = eps;
            this.delta = delta;
            this.wdRatio = wdRatio;
        }

        void step(TensorMap params, TensorMap grads) {
            if (buffers == null) {
                buffers = params.zerosLike();
            }
            for (String name : params.names()) {
                Tensor p = params.get(name);
                double[] grad = grads.get(name).data();
                double[] buf = buffers.get(name).data();
                double[] nb = add(mul(buf, momentum), grad, 1 - dampening);
                System.arraycopy(nb, 0, buf, 0, buf.length);
                double[] dp = nesterov ? add(grad, buf, momentum) : buf;
                double ratio = 1;
                if (p.rank() > 1) {
                    ratio = projection(p, grad, dp, delta, wdRatio, eps);
                }
                double[] pd = p.data();
                if (wd > 0) {
                    for (int i = 0; i < pd.length; i++) {
                        pd[i] *= 1 - lr * wd * ratio / (1 - momentum);
                    }
                }
                for (int i = 0; i < pd.length; i++) {
                    pd[i] += -lr * dp[i];
                }
            }
        }
    }

    /** juntang-zhuang adabelief_pytorch 0.2.1 AdaBelief.py, step by step. */
    static final class AdaBelief {
        final double lr, b1, b2, eps, wd;
        final boolean amsgrad, weightDecouple, fixedDecay, rectify, degenerated;
        TensorMap expAvg;
        TensorMap expAvgVar;
        TensorMap maxExpAvgVar;
        int step;

        AdaBelief(double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean weightDecouple,
                boolean fixedDecay, boolean rectify, boolean degenerated) {
            this.lr = lr;
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            this.wd = wd;
            this.amsgrad = amsgrad;
            this.weightDecouple = weightDecouple;
            this.fixedDecay = fixedDecay;
            this.rectify = rectify;
            this.degenerated = degenerated;
        }

        void step(TensorMap params, TensorMap grads) {
            if (expAvg == null) {
                expAvg = params.zerosLike();
                expAvgVar = params.zerosLike();
                maxExpAvgVar = params.zerosLike();
            }
            step++;
            for (String name : params.names()) {
                double[] p = params.get(name).data();
                double[] grad = grads.get(name).data().clone();
                if (weightDecouple) {
                    double f = fixedDecay ? 1.0 - wd : 1.0 - lr * wd;
                    for (int i = 0; i < p.length; i++) {
                        p[i] *= f;
                    }
                } else if (wd != 0) {
                    grad = add(grad, p, wd);
                }
                double bc1 = 1 - Math.pow(b1, step);
                double bc2 = 1 - Math.pow(b2, step);
                double[] m = add(mul(expAvg.get(name).data(), b1), grad, 1 - b1);
                System.arraycopy(m, 0, expAvg.get(name).data(), 0, m.length);
                double[] res = add(grad, m, -1);
                double[] rr = new double[res.length];
                for (int i = 0; i < rr.length; i++) {
                    rr[i] = res[i] * res[i];
                }
                double[] s = add(mul(expAvgVar.get(name).data(), b2), rr, 1 - b2);
                for (int i = 0; i < s.length; i++) {
                    s[i] += eps; // exp_avg_var.add_(eps), in place, in both branches
                }
                System.arraycopy(s, 0, expAvgVar.get(name).data(), 0, s.length);
                double[] denom = new double[s.length];
                double[] smax = maxExpAvgVar.get(name).data();
                for (int i = 0; i < s.length; i++) {
                    if (amsgrad) {
                        smax[i] = Math.max(smax[i], s[i]);
                        denom[i] = Math.sqrt(smax[i]) / Math.sqrt(bc2) + eps;
                    } else {
                        denom[i] = Math.sqrt(s[i]) / Math.sqrt(bc2) + eps;
                    }
                }
                if (!rectify) {
                    double stepSize = lr / bc1;
                    for (int i = 0; i < p.length; i++) {
                        p[i] += -stepSize * (m[i] / denom[i]);
                    }
                } else {
                    double beta2t = Math.pow(b2, step);
                    double nSmaMax = 2 / (1 - b2) - 1;
                    double nSma = nSmaMax - 2 * step * beta2t / (1 - beta2t);
                    double stepSize;
                    if (nSma >= 5) {
                        stepSize = Math.sqrt((1 - beta2t) * (nSma - 4) / (nSmaMax - 4) * (nSma - 2) / nSma * nSmaMax
                                / (nSmaMax - 2)) / (1 - Math.pow(b1, step));
                    } else if (degenerated) {
                        stepSize = 1.0 / (1 - Math.pow(b1, step));
                    } else {
                        stepSize = -1;
                    }
                    if (nSma >= 5) {
                        for (int i = 0; i < p.length; i++) {
                            p[i] += -stepSize * lr * (m[i] / (Math.sqrt(s[i]) + eps));
                        }
                    } else if (stepSize > 0) {
                        for (int i = 0; i < p.length; i++) {
                            p[i] += -stepSize * lr * m[i];
                        }
                    }
                }
            }
        }
    }

    /** shivram1987/diffGrad diffGrad_v2.py, step by step. */
    static final class DiffGrad {
        final double lr, b1, b2, eps, wd;
        TensorMap expAvg;
        TensorMap expAvgSq;
        TensorMap previousGrad;
        int step;

        DiffGrad(double lr, double b1, double b2, double eps, double wd) {
            this.lr = lr;
            this.b1 = b1;
            this.b2 = b2;
            this.eps = eps;
            this.wd = wd;
        }

        void step(TensorMap params, TensorMap grads) {
            if (expAvg == null) {
                expAvg = params.zerosLike();
                expAvgSq = params.zerosLike();
                previousGrad = params.zerosLike();
            }
            step++;
            for (String name : params.names()) {
                double[] p = params.get(name).data();
                double[] grad = grads.get(name).data().clone();
                if (wd != 0) {
                    grad = add(grad, p, wd);
                }
                double[] m = add(mul(expAvg.get(name).data(), b1), grad, 1 - b1);
                double[] gg = new double[grad.length];
                for (int i = 0; i < gg.length; i++) {
                    gg[i] = grad[i] * grad[i];
                }
                double[] v = add(mul(expAvgSq.get(name).data(), b2), gg, 1 - b2);
                System.arraycopy(m, 0, expAvg.get(name).data(), 0, m.length);
                System.arraycopy(v, 0, expAvgSq.get(name).data(), 0, v.length);
                double bc1 = 1 - Math.pow(b1, step);
                double bc2 = 1 - Math.pow(b2, step);
                double[] prev = previousGrad.get(name).data();
                double[] dfc = new double[p.length];
                for (int i = 0; i < p.length; i++) {
                    dfc[i] = 1. / (1. + Math.exp(-Math.abs(prev[i] - grad[i])));
                }
                System.arraycopy(grad, 0, prev, 0, grad.length);
                double stepSize = lr * Math.sqrt(bc2) / bc1;
                for (int i = 0; i < p.length; i++) {
                    p[i] += -stepSize * (m[i] * dfc[i]) / (Math.sqrt(v[i]) + eps);
                }
            }
        }
    }
}
