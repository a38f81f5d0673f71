package dev.gradus.autodiff;

import dev.gradus.tensor.Elementwise;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reverse-mode differentiation over graphs of {@link Var}s.
 *
 * <ul>
 *   <li>{@link #grad(Var, List)}: gradients of a scalar with respect to chosen vars, as tensors.</li>
 *   <li>{@link #gradGraph(Var, List)}: the same as differentiable vars, to be differentiated again
 *       (PyTorch's {@code create_graph=True}).</li>
 *   <li>{@link #backward(Var)}: accumulates into {@link Var#grad()} of every parameter reached, like
 *       PyTorch's {@code loss.backward()}; {@link #zeroGrad} resets them.</li>
 *   <li>{@link #grad(Var, Map)}: gradients of named parameters as a {@link TensorMap}, for optimizers.</li>
 * </ul>
 *
 * <p>How a pass runs: an iterative depth-first search lists the graph's nodes that require grad in
 * topological order; then each node, output first, hands its accumulated gradient to its backward rule and
 * adds the results into its inputs. First-order passes call the rules' fused tensor kernels with grad mode
 * off; {@code gradGraph} passes call the differentiable rules with grad mode on. Graphs are kept after a
 * pass, so one graph can be differentiated several times (as Hessian-vector products need).
 *
 * <p>Before any rule runs, a pass checks that the values the rules will read were not modified in place
 * since the forward pass (see {@link Var}); otherwise it throws an {@link IllegalStateException} naming the
 * value, and changes nothing.
 *
 * <p>Returned gradients are fresh tensors owned by the caller. A pass never mutates a tensor it did not
 * allocate. First-order passes take the temporaries of the built-in rules from arrays reused across passes
 * on the same thread ({@link Scratch}), none of which outlives the pass.
 */
public final class Autodiff {
    private static final AtomicInteger EPOCH = new AtomicInteger();

    private Autodiff() {}

    // ================================================================ public API

    /** Backpropagates from a one-element output, accumulating into the {@link Var#grad()} of the parameters reached. */
    public static void backward(Var output) {
        backward(output, null);
    }

    /** Backpropagates with a seed gradient of the output's shape (null allowed for one-element outputs). */
    public static void backward(Var output, Tensor seed) {
        Tensor s = checkSeed("backward", output, seed);
        int mark = Scratch.open();
        try {
            new Pass("backward", output, null, false, true).run(s, null);
        } finally {
            Scratch.release(mark);
        }
    }

    /** Gradients of a one-element {@code output} with respect to each of {@code wrt}, in order. */
    public static List<Tensor> grad(Var output, List<Var> wrt) {
        return grad(output, wrt, null, false);
    }

    /**
     * Gradients of {@code output} with respect to {@code wrt}, seeded with {@code seed} (null for a
     * one-element output). With {@code allowUnused}, a var that the output does not depend on gets zeros;
     * otherwise it is an error.
     */
    public static List<Tensor> grad(Var output, List<Var> wrt, Tensor seed, boolean allowUnused) {
        Tensor s = checkSeed("grad", output, seed);
        Pass pass = new Pass("grad", output, wrt.toArray(new Var[0]), false, false);
        int mark = Scratch.open();
        try {
            pass.run(s, null);
            List<Tensor> out = new ArrayList<>(wrt.size());
            for (int i = 0; i < pass.wrt.length; i++) {
                Tensor t = pass.tensorResult(i, allowUnused);
                out.add(pass.owned[i] ? t : t.copy()); // a copy also takes it out of the pass's scratch
            }
            return out;
        } finally {
            Scratch.release(mark);
        }
    }

    /**
     * Gradients as differentiable vars: each depends on the graph of {@code output}, so functions of the
     * gradients (a gradient norm, {@code g . v}) can be differentiated again.
     */
    public static List<Var> gradGraph(Var output, List<Var> wrt) {
        return gradGraph(output, wrt, null, false);
    }

    /** {@link #gradGraph(Var, List)} with a seed (null for a one-element output) and the unused-var policy. */
    public static List<Var> gradGraph(Var output, List<Var> wrt, Var seed, boolean allowUnused) {
        Tensor s = checkSeed("gradGraph", output, seed == null ? null : seed.value());
        Pass pass = new Pass("gradGraph", output, wrt.toArray(new Var[0]), true, false);
        pass.run(null, seed == null ? Var.constant(s) : seed);
        List<Var> out = new ArrayList<>(wrt.size());
        for (int i = 0; i < pass.wrt.length; i++) {
            out.add(pass.varResult(i, allowUnused));
        }
        return out;
    }

    /** Gradients of named parameters, in the map's iteration order. */
    public static TensorMap grad(Var output, Map<String, Var> params) {
        List<String> names = new ArrayList<>(params.keySet());
        List<Tensor> grads = grad(output, new ArrayList<>(params.values()));
        TensorMap out = new TensorMap();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), grads.get(i));
        }
        return out;
    }

    /** Zeroes the accumulated gradients of {@code vars}. */
    public static void zeroGrad(Iterable<Var> vars) {
        for (Var v : vars) {
            v.zeroGrad();
        }
    }

    /** Same as {@link GradMode#noGrad()}. */
    public static GradMode.Scope noGrad() {
        return GradMode.noGrad();
    }

    // ================================================================ the pass

    private static Tensor checkSeed(String what, Var output, Tensor seed) {
        if (!output.requiresGrad()) {
            throw new IllegalArgumentException(what + ": the output " + output + " does not require grad: no input"
                    + " requires grad, or it was computed in a no-grad scope");
        }
        Tensor v = output.value();
        if (seed == null) {
            if (v.size() != 1) {
                throw new IllegalArgumentException(what + ": the output has shape " + Shapes.str(v.shape())
                        + "; a non-scalar output needs a seed gradient of that shape (or reduce it first, e.g. sum())");
            }
            return Tensor.onesLike(v);
        }
        if (!seed.sameShape(v)) {
            throw new IllegalArgumentException(what + ": the seed gradient has shape " + Shapes.str(seed.shape())
                    + " but the output has shape " + Shapes.str(v.shape()));
        }
        return seed;
    }

    /** One backward pass: the topological order, the accumulation and the delivery to leaves. */
    private static final class Pass {
        final String what;
        final Var root;
        final Var[] wrt;
        final boolean createGraph;
        final boolean accumulateLeaves;
        final int epoch = EPOCH.incrementAndGet();

        Var[] order = new Var[32];
        int count;

        // results for wrt leaves (interior wrt nodes keep theirs in their pending fields)
        Tensor[] results;
        Var[] varResults;
        boolean[] owned;
        boolean[] reached;
        IdentityHashMap<Var, Integer> slotMap; // only for long wrt lists

        Pass(String what, Var root, Var[] wrt, boolean createGraph, boolean accumulateLeaves) {
            this.what = what;
            this.root = root;
            this.wrt = wrt;
            this.createGraph = createGraph;
            this.accumulateLeaves = accumulateLeaves;
            if (wrt != null) {
                for (int i = 0; i < wrt.length; i++) {
                    if (!wrt[i].requiresGrad()) {
                        throw new IllegalArgumentException("grad: wrt[" + i + "] " + wrt[i] + " does not require grad,"
                                + " so it has no gradient (create it with Var.param)");
                    }
                }
                results = new Tensor[wrt.length];
                varResults = new Var[wrt.length];
                owned = new boolean[wrt.length];
                reached = new boolean[wrt.length];
                if (wrt.length > 8) {
                    slotMap = new IdentityHashMap<>();
                    for (int i = wrt.length - 1; i >= 0; i--) slotMap.put(wrt[i], i);
                }
            }
        }

        void run(Tensor seed, Var seedVar) {
            sort();
            checkSavedValues();
            boolean previous = GradMode.set(createGraph);
            try {
                if (root.inputs == null) {
                    deliverToLeaf(root, seed, seedVar);
                } else {
                    root.pending = seed;
                    root.pendingOwned = false;
                    root.pendingVar = seedVar;
                }
                for (int q = count - 1; q >= 0; q--) {
                    Var node = order[q];
                    if (createGraph) {
                        propagateGraph(node);
                    } else {
                        propagateFast(node);
                    }
                }
                collectInteriorResults();
            } finally {
                GradMode.set(previous);
                for (int q = 0; q < count; q++) {
                    order[q].pending = null;
                    order[q].pendingVar = null;
                }
            }
        }

        /**
         * Refuses the graph if a value some rule reads was modified in place since the forward pass. Every
         * node is checked before any rule runs, so a refused {@code backward} has accumulated nothing.
         */
        private void checkSavedValues() {
            for (int q = 0; q < count; q++) {
                if (order[q].savedVersions != null) {
                    SavedValues.check(order[q], what);
                }
            }
        }

        /** Iterative post-order DFS over the nodes that require grad; leaves are only noted as reached. */
        private void sort() {
            if (root.inputs == null) {
                markReached(root);
                return;
            }
            Var[] stack = new Var[32];
            int[] next = new int[32];
            int sp = 0;
            stack[sp] = root;
            next[sp++] = 0;
            root.mark = epoch;
            while (sp > 0) {
                Var v = stack[sp - 1];
                int i = next[sp - 1];
                if (i < v.inputs.length) {
                    next[sp - 1] = i + 1;
                    Var in = v.inputs[i];
                    if (!in.requiresGrad()) continue;
                    if (in.inputs == null) {
                        markReached(in);
                    } else if (in.mark != epoch) {
                        in.mark = epoch;
                        if (sp == stack.length) {
                            stack = Arrays.copyOf(stack, sp * 2);
                            next = Arrays.copyOf(next, sp * 2);
                        }
                        stack[sp] = in;
                        next[sp++] = 0;
                    }
                } else {
                    if (count == order.length) order = Arrays.copyOf(order, count * 2);
                    order[count++] = v;
                    sp--;
                }
            }
        }

        private void propagateFast(Var node) {
            Tensor g = node.pending;
            if (g == null) return;
            Tensor[] grads = node.backward.applyFast(node, g);
            Var[] in = node.inputs;
            for (int i = 0; i < in.length; i++) {
                Tensor c = grads[i];
                Var x = in[i];
                if (c == null || !x.requiresGrad()) continue;
                checkShape(node, i, c);
                if (x.inputs == null) {
                    deliverToLeaf(x, c, null);
                } else if (x.pending == null) {
                    x.pending = c;
                    x.pendingOwned = Scratch.takeExclusive(c);
                } else if (x.pendingOwned) {
                    Elementwise.add(x.pending, c, x.pending);
                } else {
                    x.pending = Elementwise.add(x.pending, c, null);
                    x.pendingOwned = true;
                }
            }
        }

        private void propagateGraph(Var node) {
            Var g = node.pendingVar;
            if (g == null) return;
            Var[] grads = node.backward.apply(node, g);
            Var[] in = node.inputs;
            for (int i = 0; i < in.length; i++) {
                Var c = grads[i];
                Var x = in[i];
                if (c == null || !x.requiresGrad()) continue;
                checkShape(node, i, c.value());
                if (x.inputs == null) {
                    deliverToLeaf(x, null, c);
                } else {
                    x.pendingVar = x.pendingVar == null ? c : x.pendingVar.add(c);
                }
            }
        }

        private void deliverToLeaf(Var leaf, Tensor c, Var cv) {
            if (accumulateLeaves) {
                leaf.accumulateGrad(c, !createGraph && Scratch.takeExclusive(c));
                return;
            }
            int slot = slotOf(leaf);
            if (slot < 0) return;
            if (createGraph) {
                varResults[slot] = varResults[slot] == null ? cv : varResults[slot].add(cv);
            } else if (results[slot] == null) {
                results[slot] = c;
                owned[slot] = Scratch.takeExclusive(c);
            } else if (owned[slot]) {
                Elementwise.add(results[slot], c, results[slot]);
            } else {
                results[slot] = Elementwise.add(results[slot], c, null);
                owned[slot] = true;
            }
        }

        private void markReached(Var leaf) {
            int slot = slotOf(leaf);
            if (slot >= 0) reached[slot] = true;
        }

        private int slotOf(Var v) {
            if (wrt == null) return -1;
            if (slotMap != null) {
                Integer s = slotMap.get(v);
                return s == null ? -1 : s;
            }
            for (int i = 0; i < wrt.length; i++) {
                if (wrt[i] == v) return i;
            }
            return -1;
        }

        /** Interior wrt nodes hold their gradient in their pending fields until the pass is cleaned up. */
        private void collectInteriorResults() {
            if (wrt == null) return;
            for (int i = 0; i < wrt.length; i++) {
                Var w = wrt[i];
                if (w.inputs == null) continue;
                if (w.mark == epoch) {
                    reached[i] = true;
                    results[i] = w.pending;
                    owned[i] = w.pendingOwned;
                    varResults[i] = w.pendingVar;
                }
            }
            // a var listed twice gets the same gradient twice; the first slot collected it
            for (int i = 0; i < wrt.length; i++) {
                int first = slotOf(wrt[i]);
                if (first != i) {
                    reached[i] = reached[first];
                    results[i] = results[first];
                    varResults[i] = varResults[first];
                    owned[i] = false;
                }
            }
        }

        Tensor tensorResult(int i, boolean allowUnused) {
            requireReached(i, allowUnused);
            if (results[i] == null) {
                owned[i] = true;
                return Tensor.zerosLike(wrt[i].value());
            }
            return results[i];
        }

        Var varResult(int i, boolean allowUnused) {
            requireReached(i, allowUnused);
            return varResults[i] == null ? Var.constant(Tensor.zerosLike(wrt[i].value())) : varResults[i];
        }

        private void requireReached(int i, boolean allowUnused) {
            if (!reached[i] && !allowUnused) {
                throw new IllegalArgumentException("grad: wrt[" + i + "] " + wrt[i] + " is not in the graph of the output "
                        + root + "; pass allowUnused = true to get zeros for it");
            }
        }

        private static void checkShape(Var node, int i, Tensor c) {
            Tensor v = node.inputs[i].value();
            if (!c.sameShape(v)) {
                throw new IllegalStateException("autodiff: the backward rule of '" + node.op + "' gave a gradient of shape "
                        + Shapes.str(c.shape()) + " for input " + i + " of shape " + Shapes.str(v.shape()));
            }
        }
    }
}
