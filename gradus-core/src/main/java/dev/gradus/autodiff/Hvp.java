package dev.gradus.autodiff;

import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Hessian-vector products {@code H v} of a scalar loss, by double backward (Pearlmutter's trick):
 * {@code H v = grad(grad(L) . v)}. The Hessian is never formed; one product costs about two backward passes.
 *
 * <p>{@link #of} differentiates the loss once with {@link Autodiff#gradGraph} and keeps the gradient's graph,
 * so each {@link #apply} costs only the second pass; power iteration and trace estimation call it many times.
 * The parameters (lists of tensors) are treated as one flat vector.
 *
 * <pre>{@code
 * Hvp h = Hvp.of(loss, params);
 * List<Tensor> hv = h.apply(v);      // same shapes as params
 * }</pre>
 *
 * Reference: B. A. Pearlmutter, "Fast exact multiplication by the Hessian", Neural Computation 6(1), 1994.
 */
public final class Hvp {
    private final List<Var> params;
    private final List<Var> grads;

    private Hvp(List<Var> params, List<Var> grads) {
        this.params = List.copyOf(params);
        this.grads = grads;
    }

    /** Prepares Hessian-vector products of the scalar {@code loss} with respect to {@code params}. */
    public static Hvp of(Var loss, List<Var> params) {
        return new Hvp(params, Autodiff.gradGraph(loss, params, null, true));
    }

    /** A single product {@code H v}. */
    public static List<Tensor> hvp(Var loss, List<Var> params, List<Tensor> v) {
        return of(loss, params).apply(v);
    }

    /** The parameters, in order. */
    public List<Var> params() {
        return params;
    }

    /** The gradient of the loss at the parameters (fresh tensors). */
    public List<Tensor> gradient() {
        List<Tensor> out = new ArrayList<>(grads.size());
        for (Var g : grads) out.add(g.value().copy());
        return out;
    }

    /** {@code H v}, one tensor per parameter; {@code v} has the parameters' shapes. */
    public List<Tensor> apply(List<Tensor> v) {
        if (v.size() != params.size()) {
            throw new IllegalArgumentException("hvp: " + v.size() + " vector parts for " + params.size() + " parameters");
        }
        Var gv = null;
        for (int i = 0; i < v.size(); i++) {
            Tensor vi = v.get(i);
            if (!vi.sameShape(params.get(i).value())) {
                throw new IllegalArgumentException("hvp: v[" + i + "] has shape " + Shapes.str(vi.shape()) + ", expected "
                        + Shapes.str(params.get(i).shape()) + " like params[" + i + "]");
            }
            Var g = grads.get(i);
            if (!g.requiresGrad()) continue; // this part of the gradient is constant: its rows of H are zero
            Var term = g.dot(Var.constant(vi));
            gv = gv == null ? term : gv.add(term);
        }
        if (gv == null) {
            List<Tensor> zeros = new ArrayList<>(params.size());
            for (Var p : params) zeros.add(Tensor.zerosLike(p.value()));
            return zeros;
        }
        return Autodiff.grad(gv, params, null, true);
    }

    /** The inner product of two vectors given as tensor lists. */
    static double dot(List<Tensor> a, List<Tensor> b) {
        double s = 0;
        for (int i = 0; i < a.size(); i++) s += a.get(i).dot(b.get(i));
        return s;
    }
}
