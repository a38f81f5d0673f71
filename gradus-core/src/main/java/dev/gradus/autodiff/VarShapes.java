package dev.gradus.autodiff;

import static dev.gradus.autodiff.SavedValues.NONE;
import static dev.gradus.autodiff.VarElementwise.in;

import dev.gradus.tensor.Reductions;
import dev.gradus.tensor.ShapeOps;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Shape operations on vars and their backward rules. Each pairs with its adjoint: reshape with reshape,
 * permute with the inverse permutation, narrow with pad, row gather with row scatter-add, broadcast with
 * sumTo, concat with narrow.
 */
final class VarShapes {
    private VarShapes() {}

    private static final Backward RESHAPE = Backward.of(
            (out, g) -> new Var[] {g.reshape(in(out, 0).value().shape())},
            (out, g) -> new Tensor[] {g.reshape(in(out, 0).value().shape())});

    static Var reshape(Var a, int[] shape) {
        return Var.node("reshape", a.value().reshape(shape), RESHAPE, NONE, a);
    }

    private static final Backward TRANSPOSE = (out, g) -> new Var[] {g.transpose()};

    static Var transpose(Var a) {
        return Var.node("transpose", a.value().transpose(), TRANSPOSE, NONE, a);
    }

    static Var transpose(Var a, int axis1, int axis2) {
        return Var.node("transpose", a.value().transpose(axis1, axis2),
                (out, g) -> new Var[] {g.transpose(axis1, axis2)}, NONE, a);
    }

    static Var permute(Var a, int[] axes) {
        int[] axesCopy = axes.clone();
        Tensor value = a.value().permute(axesCopy);
        int[] inverse = ShapeOps.inversePermutation(axesCopy);
        return Var.node("permute", value, (out, g) -> new Var[] {g.permute(inverse)}, NONE, a);
    }

    static Var narrow(Var a, int axis, int start, int length) {
        Tensor value = a.value().narrow(axis, start, length);
        int ax = Shapes.normalizeAxis("narrow", axis, a.rank());
        int after = a.value().dim(ax) - start - length;
        return Var.node("narrow", value, (out, g) -> new Var[] {g.pad(ax, start, after)}, NONE, a);
    }

    static Var pad(Var a, int axis, int before, int after) {
        Tensor value = a.value().pad(axis, before, after);
        int ax = Shapes.normalizeAxis("pad", axis, a.rank());
        int length = a.value().dim(ax);
        return Var.node("pad", value, (out, g) -> new Var[] {g.narrow(ax, before, length)}, NONE, a);
    }

    static Var indexSelect(Var a, int[] index) {
        int[] idx = index.clone();
        return Var.node("indexSelect", a.value().indexSelect(idx), (out, g) -> {
            Var zeros = Var.constant(Tensor.zerosLike(in(out, 0).value()));
            return new Var[] {zeros.indexAdd(idx, g)};
        }, NONE, a);
    }

    static Var indexAdd(Var target, int[] index, Var src) {
        int[] idx = index.clone();
        return Var.node("indexAdd", target.value().indexAdd(idx, src.value()), (out, g) -> new Var[] {
            in(out, 0).requiresGrad() ? g : null,
            in(out, 1).requiresGrad() ? g.indexSelect(idx) : null}, NONE, target, src);
    }

    private static final Backward BROADCAST = Backward.of(
            (out, g) -> new Var[] {g.sumTo(in(out, 0).value().shape())},
            (out, g) -> new Tensor[] {Reductions.sumTo(g, in(out, 0).value().shape())});

    static Var broadcastTo(Var a, int[] shape) {
        return Var.node("broadcastTo", a.value().broadcastTo(shape), BROADCAST, NONE, a);
    }

    static Var concat(List<Var> parts, int axis) {
        List<Tensor> values = new ArrayList<>(parts.size());
        for (Var p : parts) values.add(p.value());
        Tensor value = Tensor.concat(values, axis);
        int ax = Shapes.normalizeAxis("concat", axis, value.rank());
        return Var.node("concat", value, (out, g) -> {
            Var[] grads = new Var[out.inputs.length];
            int start = 0;
            for (int i = 0; i < grads.length; i++) {
                int len = out.inputs[i].value().dim(ax);
                if (out.inputs[i].requiresGrad()) grads[i] = g.narrow(ax, start, len);
                start += len;
            }
            return grads;
        }, NONE, parts.toArray(new Var[0]));
    }

    static Var stack(List<Var> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no vars to stack");
        }
        int[] s0 = parts.get(0).shape();
        int ax = Shapes.normalizeAxis("stack", axis, s0.length + 1);
        List<Var> expanded = new ArrayList<>(parts.size());
        for (int q = 0; q < parts.size(); q++) {
            Var p = parts.get(q);
            if (!java.util.Arrays.equals(p.value().shape(), s0)) {
                throw new IllegalArgumentException("stack: var " + q + " has shape " + Shapes.str(p.shape())
                        + ", expected " + Shapes.str(s0) + " like var 0");
            }
            expanded.add(p.unsqueeze(ax));
        }
        return concat(expanded, ax);
    }
}
