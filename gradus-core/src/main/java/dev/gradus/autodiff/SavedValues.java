package dev.gradus.autodiff;

import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;

/**
 * The values a node's backward rule reads, and the check that none of them was modified in place after
 * the forward pass: PyTorch's saved-tensor version check ("one of the variables needed for gradient
 * computation has been modified by an inplace operation").
 *
 * <p>Backward rules read their inputs' values (and some their own output) when the pass runs, not when
 * the node is created. An optimizer step or any other in-place write in between would give the loss at
 * one point and the gradient at another. So a node stores, when it is created, the {@link Tensor#version()}
 * of its value and of each input's value (one int each, no copy), and every pass compares the ones its
 * rule reads before it runs any rule. Values that a rule does not read (the operands of {@code add}, the
 * input of a reshape, the operand of a matmul whose partner needs no gradient) are not checked, so
 * changing them is not an error: the gradient does not depend on them.
 *
 * <p>A mask says which values a rule reads: bit 0 is the node's own value, bit {@code i + 1} input
 * {@code i}; {@link #ALL} (custom operations) means all of them.
 */
final class SavedValues {
    /** The rule reads no value, only shapes. */
    static final int NONE = 0;
    /** The rule reads the node's own value. */
    static final int OUTPUT = 1;
    /** The rule reads input 0. */
    static final int IN0 = 1 << 1;
    /** The rule reads input 1. */
    static final int IN1 = 1 << 2;
    /** The rule reads input 2. */
    static final int IN2 = 1 << 3;
    /** The rule may read everything (custom operations, whose rules we cannot see). */
    static final int ALL = -1;

    private SavedValues() {}

    /** The versions now, slot 0 the node's own value and slot {@code i + 1} input i; null when nothing is read. */
    static int[] record(int reads, Tensor value, Var[] inputs) {
        if (reads == NONE) {
            return null;
        }
        int[] versions = new int[inputs.length + 1];
        versions[0] = value.version();
        for (int i = 0; i < inputs.length; i++) {
            versions[i + 1] = inputs[i].value().version();
        }
        return versions;
    }

    /** Throws unless every value that {@code node}'s rule reads is at the version recorded at creation. */
    static void check(Var node, String what) {
        int[] recorded = node.savedVersions;
        int reads = node.reads;
        if (reads(reads, 0) && node.value().version() != recorded[0]) {
            throw modified(what, describe(node) + ", which its own backward rule reads,", recorded[0],
                    node.value().version());
        }
        Var[] in = node.inputs;
        for (int i = 0; i < in.length; i++) {
            int now = in[i].value().version();
            if (now != recorded[i + 1] && reads(reads, i + 1)) {
                throw modified(what, describe(in[i]) + ", input " + i + " of '" + node.op + "',", recorded[i + 1], now);
            }
        }
    }

    private static boolean reads(int reads, int slot) {
        return reads == ALL || slot < 31 && (reads & (1 << slot)) != 0;
    }

    private static IllegalStateException modified(String what, String value, int recorded, int now) {
        return new IllegalStateException(what + ": a value needed for gradient computation was modified in place: "
                + value + " is at version " + now + "; the graph recorded version " + recorded + " in the forward"
                + " pass. Recompute the loss (run the forward pass again) after changing the parameters, or change"
                + " them only after backward");
    }

    /** "parameter '0.weight' of shape [16, 16]", "the output of 'reshape' of shape [4] (a view of ...)". */
    static String describe(Var v) {
        String shape = " of shape " + Shapes.str(v.value().shape());
        if (v.isLeaf()) {
            String kind = v.requiresGrad() ? "parameter" : "constant";
            return v.name() == null ? "a " + kind + shape : kind + " '" + v.name() + "'" + shape;
        }
        String out = "the output of '" + v.op + "'" + shape;
        Var base = viewBase(v);
        return base == v ? out : out + " (a view of " + describe(base) + ")";
    }

    /** The var whose array {@code v}'s value shares through reshapes and squeezes (v itself when none). */
    private static Var viewBase(Var v) {
        Var at = v;
        while (!at.isLeaf()) {
            Var next = null;
            for (Var in : at.inputs) {
                if (in.value().data() == at.value().data()) {
                    next = in;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            at = next;
        }
        return at;
    }
}
