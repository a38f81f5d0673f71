package dev.gradus.lab.experiments.ode;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * The shared basis network {@code (x, tau) -> b in R^n}: a tanh MLP {@code 2 -> hidden -> n} with tanh outputs, and
 * its exact derivatives {@code b_x}, {@code b_tau}, {@code b_xx} by the chain rule written out with autodiff
 * operations (so the PDE residual is differentiable in the weights without finite differences on a grid):
 * <pre>
 *   s = tanh(X W1 + c1),  s' = 1 - s^2,  s'' = -2 s s'
 *   z = s W2 + c2,        z_x = (s' w1x) W2,  z_t = (s' w1t) W2,  z_xx = (s'' w1x^2) W2
 *   b = tanh(z),  e = 1 - b^2,  b_x = e z_x,  b_t = e z_t,  b_xx = e z_xx - 2 b e z_x^2
 * </pre>
 */
final class SorptionBasis {
    /** The four feature matrices [p, n] at p points. */
    record Features(Var b, Var bx, Var bt, Var bxx) {}

    final int hidden;
    final int size;
    final TensorMap params = new TensorMap();

    SorptionBasis(int hidden, int size, RandomStream rng) {
        this.hidden = hidden;
        this.size = size;
        Tensor w1 = Tensor.zeros(2, hidden);
        Tensor c1 = Tensor.zeros(hidden);
        for (int j = 0; j < hidden; j++) {
            // steep x-features are needed near the moving front; the solution varies slowly in tau
            w1.set(rng.normal(0, 6), 0, j);
            w1.set(rng.normal(0, 2), 1, j);
            c1.data()[j] = rng.uniform(-3, 3);
        }
        Tensor w2 = Tensor.zeros(hidden, size);
        for (int q = 0; q < w2.size(); q++) {
            w2.data()[q] = rng.normal(0, 2 / Math.sqrt(hidden));
        }
        Tensor c2 = Tensor.zeros(size);
        for (int q = 0; q < size; q++) {
            c2.data()[q] = rng.normal(0, 0.5);
        }
        params.put("w1", w1);
        params.put("c1", c1);
        params.put("w2", w2);
        params.put("c2", c2);
    }

    /** The parameters as fresh graph leaves, for one step. */
    Leaves leaves() {
        return new Leaves(Var.param(params.get("w1"), "w1"), Var.param(params.get("c1"), "c1"),
                Var.param(params.get("w2"), "w2"), Var.param(params.get("c2"), "c2"));
    }

    /** Constant leaves (evaluation, no gradient). */
    Leaves constants() {
        return new Leaves(Var.constant(params.get("w1")), Var.constant(params.get("c1")),
                Var.constant(params.get("w2")), Var.constant(params.get("c2")));
    }

    record Leaves(Var w1, Var c1, Var w2, Var c2) {
        java.util.Map<String, Var> map() {
            return java.util.Map.of("w1", w1, "c1", c1, "w2", w2, "c2", c2);
        }
    }

    /** Which features a caller needs: the training loop builds only those (the others would be graph nodes that
     * nothing reads). */
    enum Need {
        /** {@code b} only. */
        VALUES,
        /** {@code b} and {@code b_tau}. */
        RATES,
        /** {@code b}, {@code b_tau} and {@code b_xx} (the PDE residual's). */
        PDE,
        /** All four. */
        ALL
    }

    /** The features at the points {@code xt [p, 2]}. */
    static Features features(Leaves l, Tensor xt) {
        return features(l, xt, Need.ALL);
    }

    /**
     * The features at the points {@code xt [p, 2]} that {@code need} names; the others are null. Each one is built by
     * the same operations as in {@link #features(Leaves, Tensor)}, so it has the same bits.
     */
    static Features features(Leaves l, Tensor xt, Need need) {
        Var x = Var.constant(xt);
        Var s = x.matmul(l.w1()).add(l.c1()).tanh();
        Var z = s.matmul(l.w2()).add(l.c2());
        Var b = z.tanh();
        if (need == Need.VALUES) {
            return new Features(b, null, null, null);
        }
        Var w1t = l.w1().narrow(0, 1, 1);
        Var ds = s.square().rsub(1);
        Var zt = ds.mul(w1t).matmul(l.w2());
        Var e = b.square().rsub(1);
        Var bt = e.mul(zt);
        if (need == Need.RATES) {
            return new Features(b, null, bt, null);
        }
        Var w1x = l.w1().narrow(0, 0, 1);
        Var dds = s.mul(ds).mul(-2);
        Var zx = ds.mul(w1x).matmul(l.w2());
        Var zxx = dds.mul(w1x.square()).matmul(l.w2());
        Var bx = need == Need.ALL ? e.mul(zx) : null;
        Var bxx = e.mul(zxx).sub(b.mul(e).mul(zx.square()).mul(2));
        return new Features(b, bx, bt, bxx);
    }
}
