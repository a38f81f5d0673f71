package dev.gradus.autodiff;

import dev.gradus.tensor.Tensor;

/**
 * The backward rule of one operation: given the output node and the gradient {@code g} flowing into it,
 * the gradient for each input (vector-Jacobian products), or {@code null} for an input that needs none.
 * The inputs are {@code out.inputs()}, in the order given to {@link Var#op}.
 *
 * <p>{@link #apply} is written with differentiable {@link Var} operations, so gradients can be
 * differentiated again. {@link #applyFast} is the first-order path on plain tensors; by default it runs
 * {@link #apply} without recording a graph, and hot operations override it with fused kernels (see
 * {@link #of}; their agreement with {@link #apply} is tested for every built-in operation).
 *
 * <p>This is also the extension point for custom operations:
 * <pre>{@code
 * // y = x^3 with dy/dx = 3 x^2, differentiable to any order
 * Var y = Var.op("cube", x.value().pow(3),
 *         (out, g) -> new Var[] {g.mul(out.inputs().get(0).square().mul(3.0))}, x);
 * }</pre>
 */
public interface Backward {
    /** Input gradients as differentiable vars; runs with grad mode on when a graph of the gradient is wanted. */
    Var[] apply(Var out, Var g);

    /** Input gradients as tensors; called with grad mode off. */
    default Tensor[] applyFast(Var out, Tensor g) {
        Var[] r = apply(out, Var.constant(g));
        Tensor[] t = new Tensor[r.length];
        for (int i = 0; i < r.length; i++) {
            t[i] = r[i] == null ? null : r[i].value();
        }
        return t;
    }

    /** A tensor-level backward rule; it must compute the same values as the differentiable rule. */
    @FunctionalInterface
    interface Fast {
        Tensor[] apply(Var out, Tensor g);
    }

    /** Combines a differentiable rule with a fused first-order rule computing the same values. */
    static Backward of(Backward rule, Fast fast) {
        return new Backward() {
            @Override
            public Var[] apply(Var out, Var g) {
                return rule.apply(out, g);
            }

            @Override
            public Tensor[] applyFast(Var out, Tensor g) {
                return fast.apply(out, g);
            }
        };
    }
}
