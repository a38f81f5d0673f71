package dev.gradus.autodiff;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.Elementwise;
import dev.gradus.tensor.Reductions;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;

import static dev.gradus.autodiff.SavedValues.IN0;
import static dev.gradus.autodiff.SavedValues.IN1;
import static dev.gradus.autodiff.SavedValues.OUTPUT;

/**
 * The fused dense layer {@code y = act(x W^T + b)} as one graph node, where the composed form
 * ({@code x.matmul(w, false, true).add(b)} then the activation) makes three, each with its own output array
 * and its own backward temporaries.
 *
 * <p>Forward: {@code z = x W^T} by one dgemm, then one pass over {@code z} in place that adds the bias and
 * applies the activation. Backward, with {@code G = g * act'(y)} read from the output (and {@code db} summed
 * in the pass that makes G), two dgemms into arrays reused across passes ({@link Scratch}):
 * <pre>
 *   dx = G W        dW = G^T x        db = sum over rows of G
 * </pre>
 * The arithmetic is the composed ops' own, in the same order (the bias is added after the product, not
 * folded into the dgemm as {@code beta = 1}, because that changes the rounding of every element), so the
 * fused node's value and gradients equal the composed graph's bit for bit; the tests check exactly that.
 * The differentiable rule is written with var operations, so gradients of gradients work as for the
 * composed ops.
 */
final class VarAffine {
    private VarAffine() {}

    static Var affine(Var x, Var w, Var b, FusedActivation act) {
        Tensor xv = x.value(), wv = w.value();
        int[] xs = xv.shape(), ws = wv.shape();
        if (xs.length != 2 || ws.length != 2 || xs[1] != ws[1]) {
            throw new IllegalArgumentException("affine: input " + Shapes.str(xs) + " and weight " + Shapes.str(ws)
                    + ": expected an input [n, in] and a weight [out, in]");
        }
        int out = ws[0];
        if (b != null && (b.rank() != 1 || b.dim(0) != out)) {
            throw new IllegalArgumentException("affine: bias " + Shapes.str(b.shape()) + " for a weight "
                    + Shapes.str(ws) + ": expected a bias [" + out + "]");
        }
        int n = xs[0], in = xs[1];
        Tensor y = Tensor.zeros(n, out);
        // plain 2-D products straight to the BLAS facade; beta = 0 gives Products.matmul's bits on any backend
        Blas.dgemm(false, true, n, out, in, 1.0, xv.data(), 0, in, wv.data(), 0, in, 0.0, y.data(), 0, out);
        activateInPlace(y, b == null ? null : b.value().data(), out, act);
        // dx reads W, dW reads x, and every activation but the identity reads its own output
        int reads = (x.requiresGrad() ? IN1 : 0) | (w.requiresGrad() ? IN0 : 0)
                | (act == FusedActivation.IDENTITY ? 0 : OUTPUT);
        Backward rule = Backward.of((node, g) -> {
            Var gz = chainVar(node, g, act);
            Var X = node.inputs[0], W = node.inputs[1];
            return new Var[] {
                X.requiresGrad() ? gz.matmul(W, false, false) : null,
                W.requiresGrad() ? gz.matmul(X, true, false) : null,
                node.inputs.length > 2 && node.inputs[2].requiresGrad() ? gz.sumTo(out) : null};
        }, (node, g) -> {
            boolean needBias = node.inputs.length > 2 && node.inputs[2].requiresGrad();
            Tensor db = needBias ? Scratch.exclusive(out) : null;
            Tensor gz = chain(node, g, act, db);
            double[] X = node.inputs[0].value().data(), W = node.inputs[1].value().data(), G = gz.data();
            Tensor dx = null, dw = null;
            if (node.inputs[0].requiresGrad()) {
                dx = Scratch.tensor(n, in);
                Blas.dgemm(false, false, n, in, out, 1.0, G, 0, out, W, 0, in, 0.0, dx.data(), 0, in);
            }
            if (node.inputs[1].requiresGrad()) {
                dw = Scratch.exclusive(out, in); // the weight's gradient, handed to the caller without a copy
                Blas.dgemm(true, false, out, in, n, 1.0, G, 0, out, X, 0, in, 0.0, dw.data(), 0, in);
            }
            return new Tensor[] {dx, dw, db};
        });
        String op = act == FusedActivation.IDENTITY ? "affine" : "affine_" + act.name().toLowerCase(java.util.Locale.ROOT);
        return b == null ? Var.node(op, y, rule, reads, x, w) : Var.node(op, y, rule, reads, x, w, b);
    }

    /** {@code y = act(y + b)} in place; one loop per activation keeps the loops plain. */
    private static void activateInPlace(Tensor yt, double[] b, int cols, FusedActivation act) {
        double[] y = yt.data();
        if (b != null && act == FusedActivation.TANH) { // one pass, the same bits as the add and then tanh
            Elementwise.tanhOfBiased(y, b);
            return;
        }
        if (b != null) {
            for (int base = 0; base < y.length; base += cols) {
                for (int j = 0; j < cols; j++) y[base + j] = y[base + j] + b[j];
            }
        }
        switch (act) {
            case IDENTITY -> { }
            case RELU -> {
                for (int i = 0; i < y.length; i++) y[i] = y[i] > 0 ? y[i] : 0.0;
            }
            case TANH -> Elementwise.tanh(y, 0, y, 0, y.length);
            case SIGMOID -> {
                for (int i = 0; i < y.length; i++) y[i] = Elementwise.sigmoid(y[i]);
            }
        }
    }

    /**
     * {@code g * act'(y)} on tensors, written as the unfused ops' fast rules write it (g itself for the
     * identity), and into {@code db} when it is not null the column sums of the result, added row by row
     * from zero as {@code sumTo} adds them.
     */
    private static Tensor chain(Var node, Tensor g, FusedActivation act, Tensor db) {
        double[] gd = g.data(), y = node.value().data();
        int cols = node.value().dim(1);
        Tensor out = act == FusedActivation.IDENTITY ? g : Scratch.tensor(g.shape());
        double[] r = out.data();
        switch (act) {
            case IDENTITY -> { }
            case RELU -> {
                for (int i = 0; i < r.length; i++) r[i] = y[i] > 0 ? gd[i] : 0.0;
            }
            case TANH -> {
                for (int i = 0; i < r.length; i++) r[i] = gd[i] * (1 - y[i] * y[i]);
            }
            case SIGMOID -> {
                for (int i = 0; i < r.length; i++) r[i] = gd[i] * y[i] * (1 - y[i]);
            }
        }
        if (db != null) {
            double[] s = db.data();
            if (r.length == cols) { // one row: sumTo copies it (and so keeps a negative zero)
                System.arraycopy(r, 0, s, 0, cols);
            } else {
                Reductions.sumRows(r, s);
            }
        }
        return out;
    }

    /** {@code g * act'(y)} with var operations, as the unfused ops' differentiable rules write it. */
    private static Var chainVar(Var node, Var g, FusedActivation act) {
        return switch (act) {
            case IDENTITY -> g;
            case RELU -> g.mul(Var.constant(node.value().gt(0.0)));
            case TANH -> g.mul(node.square().rsub(1.0));
            case SIGMOID -> g.mul(node.mul(node.rsub(1.0)));
        };
    }
}
