package dev.gradus.autodiff;

import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * A tensor value in a define-by-run computation graph: the unit of reverse-mode autodiff.
 *
 * <p>Three kinds exist. A <em>parameter</em> ({@link #param}) is a leaf that requires grad; it is long-lived,
 * and optimizers update its value in place through {@code value().data()} between steps (then call
 * {@link Tensor#markModified()}), so the next forward pass sees the same arrays (values are never copied
 * into the graph). A <em>constant</em> ({@link #constant}) is a leaf that does not. Every operation on vars
 * returns a <em>node</em> that remembers its inputs and its backward rule, as long as some input requires
 * grad and grad mode is on (see {@link GradMode}); otherwise it returns a constant.
 *
 * <pre>{@code
 * Var w = Var.param(Tensor.randn(rng, 2, 16)), b = Var.param(Tensor.zeros(16));
 * Var y = Var.constant(x).matmul(w).add(b).tanh();
 * Var loss = Losses.mse(y, target);
 * loss.backward();            // accumulates into w.grad() and b.grad()
 * }</pre>
 *
 * <p>Every backward rule is itself written with var operations, so {@link Autodiff#gradGraph} returns
 * gradients that can be differentiated again (Hessian-vector products, gradient penalties).
 *
 * <p><b>Subgradients.</b> At kinks the derivative is a fixed choice: relu'(0) = 0, abs'(0) = 0, sign' = 0;
 * {@code clamp(lo, hi)} passes the gradient where {@code lo <= x <= hi}; max and min along an axis send the
 * gradient to the first extreme element; {@code minimum}/{@code maximum} split it evenly on ties.
 *
 * <p><b>In-place changes.</b> Backward rules read values when the pass runs, so a node records the
 * {@link Tensor#version()} of each value its rule will read, and every pass ({@link Autodiff#backward},
 * {@link Autodiff#grad}, {@link Autodiff#gradGraph}, and so {@link Hvp}) first checks them all. If a parameter
 * was changed in place after the forward pass (an optimizer step, {@code assign}, {@code fill}, or a write
 * through {@code data()} followed by {@link Tensor#markModified()}), the pass fails with an
 * {@link IllegalStateException} that names the value (by {@link #name()} when it has one), the operation
 * that needed it and both versions, before any gradient is computed or accumulated. Recompute the loss
 * after changing parameters. Changing them after backward, or changing a value no rule reads, is fine.
 * The check costs one int compare per saved value.
 *
 * <p><b>Threads.</b> Building graphs on several threads that share parameter vars is safe, and so is
 * {@link Autodiff#grad} on those graphs. {@link #backward()} accumulates into the shared parameters'
 * {@link #grad()} without locking: call it on one thread at a time. A graph (its non-leaf nodes) belongs to
 * the thread that built it.
 */
public final class Var {
    private final Tensor value;
    private final boolean requiresGrad;
    final Var[] inputs; // null for leaves
    final Backward backward; // null for leaves
    final String op;
    final int reads; // the values the rule reads, a SavedValues mask
    final int[] savedVersions; // their versions at creation; null when the rule reads none

    private String name;
    private Tensor grad;

    // Scratch of a backward pass over the graph that owns this node (never used on leaves).
    int mark;
    Tensor pending;
    boolean pendingOwned;
    Var pendingVar;

    private Var(Tensor value, boolean requiresGrad, Var[] inputs, Backward backward, String op, int reads) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.inputs = inputs;
        this.backward = backward;
        this.op = op;
        this.reads = reads;
        this.savedVersions = inputs == null ? null : SavedValues.record(reads, value, inputs);
    }

    private static Var leafOf(Tensor value, boolean requiresGrad, String name) {
        Var v = new Var(value, requiresGrad, null, null, requiresGrad ? "param" : "constant", SavedValues.NONE);
        v.name = name;
        return v;
    }

    // ================================================================ creation

    /** A leaf that requires grad (a trainable parameter); {@code value} is used as is, not copied. */
    public static Var param(Tensor value) {
        return leafOf(value, true, null);
    }

    /**
     * A parameter with a name for messages, such as {@code "0.weight"}: errors about it (a gradient
     * requested through a graph it was modified after) name it. The name does not affect computation.
     */
    public static Var param(Tensor value, String name) {
        return leafOf(value, true, name);
    }

    /** A leaf that does not require grad. */
    public static Var constant(Tensor value) {
        return leafOf(value, false, null);
    }

    /** A constant with a name for messages, such as {@code "targets"}. */
    public static Var constant(Tensor value, String name) {
        return leafOf(value, false, name);
    }

    /** A leaf, requiring grad or not. */
    public static Var leaf(Tensor value, boolean requiresGrad) {
        return leafOf(value, requiresGrad, null);
    }

    /** A rank-0 constant. */
    public static Var scalar(double value) {
        return constant(Tensor.scalar(value));
    }

    /**
     * A custom differentiable operation: {@code value} computed from {@code inputs}, with its backward rule.
     * The result is a graph node when grad mode is on and an input requires grad, otherwise a constant.
     * Write the rule with var operations so that it can be differentiated again.
     *
     * <p>Backward passes refuse the node when its value or any input's value was modified in place since
     * it was created (see the class comment). A tensor that the rule captures rather than reads from
     * {@code out} is not checked: pass it as a {@link #constant} input.
     */
    public static Var op(String name, Tensor value, Backward rule, Var... inputs) {
        return node(name, value, rule, SavedValues.ALL, inputs.clone());
    }

    /** The inputs of an operation result (empty for leaves). */
    public List<Var> inputs() {
        return inputs == null ? List.of() : List.of(inputs);
    }

    /** The name of the operation that produced this var ("param" or "constant" for leaves). */
    public String opName() {
        return op;
    }

    /** The name given for messages ({@link #param(Tensor, String)}, {@link #setName}), or null. */
    public String name() {
        return name;
    }

    /**
     * Names this var for messages; null removes the name. Modules name their parameters' leaves by their
     * dotted path ({@code encoder.0.weight}) when they register them.
     */
    public void setName(String name) {
        this.name = name;
    }

    /**
     * The result of an operation: a graph node when grad mode is on and an input requires grad, otherwise
     * a constant. Every differentiable operation ends here. {@code reads} says which values the rule reads
     * when it runs ({@link SavedValues}), so that a pass can refuse values changed in place since.
     */
    static Var node(String op, Tensor value, Backward backward, int reads, Var... inputs) {
        for (Var in : inputs) {
            if (in.requiresGrad) {
                return GradMode.isEnabled() ? new Var(value, true, inputs, backward, op, reads) : constant(value);
            }
        }
        return constant(value);
    }

    // ================================================================ state

    /** The value (the tensor itself, not a copy). */
    public Tensor value() {
        return value;
    }

    /** True for parameters and for nodes that depend on one. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for parameters and constants; false for operation results. */
    public boolean isLeaf() {
        return inputs == null;
    }

    /** The gradient accumulated by {@link #backward()} (leaves only), or null before any. */
    public Tensor grad() {
        return grad;
    }

    /** Sets the accumulated gradient to zero (keeping its tensor, so optimizers may hold it). */
    public void zeroGrad() {
        if (grad != null) {
            grad.fill(0);
        }
    }

    /** Drops the accumulated gradient. */
    public void clearGrad() {
        grad = null;
    }

    /** Accumulates a gradient contribution into {@link #grad()}, copying on first use unless {@code g} is handed over. */
    void accumulateGrad(Tensor g, boolean handedOver) {
        if (grad == null) {
            grad = handedOver ? g : g.copy();
        } else {
            dev.gradus.tensor.Elementwise.add(grad, g, grad);
        }
    }

    /** The same value as a constant, cut from the graph. */
    public Var detach() {
        return constant(value);
    }

    /** A copy of the shape. */
    public int[] shape() {
        return value.shape();
    }

    /** The number of dimensions. */
    public int rank() {
        return value.rank();
    }

    /** The size of dimension {@code axis} (negative counts from the end). */
    public int dim(int axis) {
        return value.dim(axis);
    }

    /** The single value of a one-element var. */
    public double item() {
        return value.item();
    }

    /** Backpropagates from this scalar, accumulating into the {@link #grad()} of every parameter reached. */
    public void backward() {
        Autodiff.backward(this);
    }

    /** Backpropagates with a seed gradient of this var's shape. */
    public void backward(Tensor seed) {
        Autodiff.backward(this, seed);
    }

    @Override
    public String toString() {
        return "Var(" + op + (name == null ? "" : " '" + name + "'") + ", " + Shapes.str(value.shape())
                + (requiresGrad ? ", requiresGrad" : "") + ")";
    }

    // ================================================================ elementwise (NumPy broadcasting)

    /** {@code this + b}. */
    public Var add(Var b) { return VarElementwise.add(this, b); }

    /** {@code this - b}. */
    public Var sub(Var b) { return VarElementwise.sub(this, b); }

    /** {@code this * b}. */
    public Var mul(Var b) { return VarElementwise.mul(this, b); }

    /** {@code this / b}. */
    public Var div(Var b) { return VarElementwise.div(this, b); }

    /** {@code this ^ b}; the gradient with respect to b is defined for positive bases. */
    public Var pow(Var b) { return VarElementwise.pow(this, b); }

    /** The elementwise minimum (ties split the gradient evenly). */
    public Var minimum(Var b) { return VarElementwise.minimum(this, b); }

    /** The elementwise maximum (ties split the gradient evenly). */
    public Var maximum(Var b) { return VarElementwise.maximum(this, b); }

    /** {@code this + b} with a constant tensor. */
    public Var add(Tensor b) { return add(constant(b)); }

    /** {@code this - b} with a constant tensor. */
    public Var sub(Tensor b) { return sub(constant(b)); }

    /** {@code this * b} with a constant tensor. */
    public Var mul(Tensor b) { return mul(constant(b)); }

    /** {@code this / b} with a constant tensor. */
    public Var div(Tensor b) { return div(constant(b)); }

    /** {@code this + s}. */
    public Var add(double s) { return VarElementwise.add(this, s); }

    /** {@code this - s}. */
    public Var sub(double s) { return VarElementwise.add(this, -s); }

    /** {@code s - this}. */
    public Var rsub(double s) { return VarElementwise.rsub(s, this); }

    /** {@code this * s}. */
    public Var mul(double s) { return VarElementwise.mul(this, s); }

    /** {@code this / s}. */
    public Var div(double s) { return VarElementwise.div(this, s); }

    /** {@code s / this}. */
    public Var rdiv(double s) { return VarElementwise.rdiv(s, this); }

    /** {@code this ^ p}. */
    public Var pow(double p) { return VarElementwise.pow(this, p); }

    /** {@code -this}. */
    public Var neg() { return VarElementwise.mul(this, -1.0); }

    /** {@code e^this}. */
    public Var exp() { return VarElementwise.exp(this); }

    /** The natural logarithm. */
    public Var log() { return VarElementwise.log(this); }

    /** The square root. */
    public Var sqrt() { return VarElementwise.sqrt(this); }

    /** {@code this * this}. */
    public Var square() { return VarElementwise.square(this); }

    /** {@code 1 / this}. */
    public Var reciprocal() { return VarElementwise.rdiv(1.0, this); }

    /** The absolute value (abs'(0) = 0). */
    public Var abs() { return VarElementwise.abs(this); }

    /** The sign; its gradient is zero. */
    public Var sign() { return VarElementwise.sign(this); }

    /** The hyperbolic tangent. */
    public Var tanh() { return VarElementwise.tanh(this); }

    /** The logistic function. */
    public Var sigmoid() { return VarElementwise.sigmoid(this); }

    /** {@code max(this, 0)}, with relu'(0) = 0. */
    public Var relu() { return VarElementwise.relu(this); }

    /** {@code log(1 + e^this)}, numerically stable. */
    public Var softplus() { return VarElementwise.softplus(this); }

    /** {@code min(max(this, lo), hi)}; the gradient passes where {@code lo <= this <= hi}. */
    public Var clamp(double lo, double hi) { return VarElementwise.clamp(this, lo, hi); }

    /** {@code mask != 0 ? a : b}, broadcasting; the mask is a constant (e.g. a comparison of values). */
    public static Var where(Tensor mask, Var a, Var b) { return VarElementwise.where(mask, a, b); }

    // ================================================================ reductions

    /** The sum of all elements (rank 0). */
    public Var sum() { return VarReductions.sum(this); }

    /** The sum along {@code axis}. */
    public Var sum(int axis, boolean keepDims) { return VarReductions.sum(this, axis, keepDims); }

    /** The mean of all elements (rank 0). */
    public Var mean() { return VarReductions.mean(this); }

    /** The mean along {@code axis}. */
    public Var mean(int axis, boolean keepDims) { return VarReductions.mean(this, axis, keepDims); }

    /** The largest element (rank 0); the gradient goes to the first maximum. */
    public Var max() { return VarReductions.extreme(this, true); }

    /** The maximum along {@code axis}; the gradient goes to the first maximum of each slice. */
    public Var max(int axis, boolean keepDims) { return VarReductions.extreme(this, axis, keepDims, true); }

    /** The smallest element (rank 0). */
    public Var min() { return VarReductions.extreme(this, false); }

    /** The minimum along {@code axis}. */
    public Var min(int axis, boolean keepDims) { return VarReductions.extreme(this, axis, keepDims, false); }

    /** {@code log(sum(exp(this)))} over all elements, stable. */
    public Var logsumexp() { return reshape(-1).logsumexp(0, false); }

    /** {@code log(sum(exp(this)))} along {@code axis}, stable. */
    public Var logsumexp(int axis, boolean keepDims) { return VarReductions.logsumexp(this, axis, keepDims); }

    /** The L2 norm of all elements; its gradient at 0 is 0. */
    public Var norm() { return VarReductions.norm2(this); }

    /** The p-norm of all elements for p = 1, 2 or infinity. */
    public Var norm(double p) { return VarReductions.norm(this, p); }

    /** Sums down to {@code shape}, the inverse of a broadcast. */
    public Var sumTo(int... shape) { return VarReductions.sumTo(this, shape); }

    // ================================================================ products

    /** The matrix product with NumPy's rules (1-D operands, batched leading dimensions). */
    public Var matmul(Var b) { return VarProducts.matmul(this, b, false, false); }

    /** {@code op(this) @ op(b)}, transposing the last two axes of an operand whose flag is set. */
    public Var matmul(Var b, boolean transA, boolean transB) { return VarProducts.matmul(this, b, transA, transB); }

    /** The matrix product with a constant. */
    public Var matmul(Tensor b) { return matmul(constant(b)); }

    /**
     * The dense layer {@code act(this W^T + bias)} as one fused node: this is {@code [n, in]}, {@code weight}
     * {@code [out, in]} (PyTorch's layout), {@code bias} {@code [out]} or null. Its value and gradients equal
     * those of {@code matmul(weight, false, true).add(bias)} followed by the activation, bit for bit, with
     * one output array instead of three; it differentiates again like the composed ops.
     */
    public Var affine(Var weight, Var bias, FusedActivation act) { return VarAffine.affine(this, weight, bias, act); }

    /** The sum of elementwise products with a var of the same shape (rank 0). */
    public Var dot(Var b) { return VarProducts.dot(this, b); }

    /** The outer product of the flattened vars. */
    public Var outer(Var b) { return VarProducts.outer(this, b); }

    /** The softmax along {@code axis}. */
    public Var softmax(int axis) { return VarSoftmax.softmax(this, axis); }

    /** The log-softmax along {@code axis}. */
    public Var logSoftmax(int axis) { return VarSoftmax.logSoftmax(this, axis); }

    // ================================================================ shape

    /** The same elements in a new shape (one dimension may be -1). */
    public Var reshape(int... shape) { return VarShapes.reshape(this, shape); }

    /** Swaps the last two axes. */
    public Var transpose() { return VarShapes.transpose(this); }

    /** Swaps two axes. */
    public Var transpose(int axis1, int axis2) { return VarShapes.transpose(this, axis1, axis2); }

    /** Reorders the axes. */
    public Var permute(int... axes) { return VarShapes.permute(this, axes); }

    /** Rows {@code [from, to)} along axis 0. */
    public Var sliceRows(int from, int to) { return narrow(0, from, to - from); }

    /** {@code length} entries from {@code start} along {@code axis}. */
    public Var narrow(int axis, int start, int length) { return VarShapes.narrow(this, axis, start, length); }

    /** Zero padding along {@code axis}. */
    public Var pad(int axis, int before, int after) { return VarShapes.pad(this, axis, before, after); }

    /** Gathers rows along axis 0 (an embedding lookup). */
    public Var indexSelect(int... index) { return VarShapes.indexSelect(this, index); }

    /** This var with {@code src}'s rows added at rows {@code index} (repeats accumulate). */
    public Var indexAdd(int[] index, Var src) { return VarShapes.indexAdd(this, index, src); }

    /** Broadcasts to {@code shape}. */
    public Var broadcastTo(int... shape) { return VarShapes.broadcastTo(this, shape); }

    /** A unit dimension inserted at {@code axis}. */
    public Var unsqueeze(int axis) {
        int ax = Shapes.normalizeAxis("unsqueeze", axis, rank() + 1);
        return reshape(Shapes.insertAxis(value.shape(), ax, 1));
    }

    /** The unit dimension {@code axis} removed. */
    public Var squeeze(int axis) { return reshape(value.squeeze(axis).shape()); }

    /** Joins vars along an existing axis. */
    public static Var concat(List<Var> parts, int axis) { return VarShapes.concat(parts, axis); }

    /** Joins vars of one shape along a new axis. */
    public static Var stack(List<Var> parts, int axis) { return VarShapes.stack(parts, axis); }
}
