package dev.gradus.optim;

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
}
