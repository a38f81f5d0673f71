package dev.gradus.autodiff;

import dev.gradus.tensor.Products;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;

import static dev.gradus.autodiff.SavedValues.IN0;
import static dev.gradus.autodiff.SavedValues.IN1;
import static dev.gradus.autodiff.VarElementwise.in;
import static dev.gradus.autodiff.VarElementwise.need;
import static dev.gradus.autodiff.VarElementwise.unbroadcast;

/** Matrix and vector products on vars and their backward rules. */
final class VarProducts {
    private VarProducts() {}

    /**
     * {@code C = op(A) op(B)} with {@code dA} from {@code G op(B)^T} and {@code dB} from {@code op(A)^T G},
     * arranged so that a transposed operand receives its gradient in its stored layout. 1-D operands are
     * handled as NumPy does (row or column vector, extra dimension removed) and batch dimensions that were
     * broadcast are summed back.
     */
    static Var matmul(Var a, Var b, boolean transA, boolean transB) {
        Tensor value = Products.matmul(a.value(), b.value(), transA, transB, null);
        boolean aVec = a.rank() == 1, bVec = b.rank() == 1;
        boolean tA = transA && !aVec, tB = transB && !bVec;
        Backward rule = Backward.of((out, g) -> {
            Var A = in(out, 0), B = in(out, 1);
            int[] as = A.value().shape(), bs = B.value().shape();
            if (aVec) A = A.reshape(1, as[0]);
            if (bVec) B = B.reshape(bs[0], 1);
            Var G = aVec || bVec ? g.reshape(promotedGradShape(g.value(), aVec, bVec)) : g;
            Var ga = null, gb = null;
            if (need(out, 0)) {
                ga = tA ? B.matmul(G, tB, true) : G.matmul(B, false, !tB);
                ga = unbroadcast(ga, A.value().shape());
                if (aVec) ga = ga.reshape(as);
            }
            if (need(out, 1)) {
                gb = tB ? G.matmul(A, true, tA) : A.matmul(G, !tA, false);
                gb = unbroadcast(gb, B.value().shape());
                if (bVec) gb = gb.reshape(bs);
            }
            return new Var[] {ga, gb};
        }, (out, g) -> { // the same rule on tensors
            Tensor A = in(out, 0).value(), B = in(out, 1).value();
            int[] as = A.shape(), bs = B.shape();
            if (aVec) A = A.reshape(1, as[0]);
            if (bVec) B = B.reshape(bs[0], 1);
            Tensor G = aVec || bVec ? g.reshape(promotedGradShape(g, aVec, bVec)) : g;
            Tensor ga = null, gb = null;
            // two matrices: each gradient has its operand's shape, so it can go to a pass's scratch
            boolean matrices = as.length == 2 && bs.length == 2;
            if (need(out, 0)) {
                Tensor o = matrices ? Scratch.tensor(as) : null;
                ga = tA ? Products.matmul(B, G, tB, true, o) : Products.matmul(G, B, false, !tB, o);
                ga = unbroadcast(ga, A.shape());
                if (aVec) ga = ga.reshape(as);
            }
            if (need(out, 1)) {
                Tensor o = matrices ? Scratch.tensor(bs) : null;
                gb = tB ? Products.matmul(G, A, true, tA, o) : Products.matmul(A, G, !tA, false, o);
                gb = unbroadcast(gb, B.shape());
                if (bVec) gb = gb.reshape(bs);
            }
            return new Tensor[] {ga, gb};
        });
        // a's gradient reads b, b's reads a
        return Var.node("matmul", value, rule, (a.requiresGrad() ? IN1 : 0) | (b.requiresGrad() ? IN0 : 0), a, b);
    }

    /** The output gradient's shape with the dimensions removed for 1-D operands put back. */
    private static int[] promotedGradShape(Tensor g, boolean aVec, boolean bVec) {
        int[] gs = g.shape();
        if (aVec) gs = Shapes.insertAxis(gs, gs.length - (bVec ? 0 : 1), 1);
        if (bVec) gs = Shapes.insertAxis(gs, gs.length, 1);
        return gs;
    }

    static Var dot(Var a, Var b) {
        if (!a.value().sameShape(b.value())) {
            throw new IllegalArgumentException("dot: " + Shapes.str(a.shape()) + " and " + Shapes.str(b.shape())
                    + ": shapes differ");
        }
        return a.mul(b).sum();
    }

    static Var outer(Var a, Var b) {
        return a.reshape(-1, 1).mul(b.reshape(1, -1));
    }

}
