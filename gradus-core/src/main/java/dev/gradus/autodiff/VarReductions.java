package dev.gradus.autodiff;

import static dev.gradus.autodiff.SavedValues.IN0;
import static dev.gradus.autodiff.SavedValues.NONE;
import static dev.gradus.autodiff.SavedValues.OUTPUT;
import static dev.gradus.autodiff.VarElementwise.in;

import dev.gradus.tensor.Reductions;
import dev.gradus.tensor.ShapeOps;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;

/** Reductions on vars and their backward rules: the gradient of a reduction is a broadcast of g. */
final class VarReductions {
    private VarReductions() {}

    private static final Backward SUM_ALL = Backward.of(
            (out, g) -> new Var[] {g.broadcastTo(in(out, 0).value().shape())},
            (out, g) -> new Tensor[] {Tensor.full(g.item(), in(out, 0).value().shape())});

    static Var sum(Var a) {
        return Var.node("sum", Tensor.scalar(a.value().sum()), SUM_ALL, NONE, a);
    }

    private static final Backward MEAN_ALL = Backward.of(
            (out, g) -> new Var[] {g.mul(1.0 / in(out, 0).value().size()).broadcastTo(in(out, 0).value().shape())},
            (out, g) -> new Tensor[] {Tensor.full(g.item() / in(out, 0).value().size(), in(out, 0).value().shape())});

    static Var mean(Var a) {
        return Var.node("mean", Tensor.scalar(a.value().mean()), MEAN_ALL, NONE, a);
    }

    static Var sum(Var a, int axis, boolean keepDims) {
        int ax = Shapes.normalizeAxis("sum", axis, a.rank());
        return Var.node("sum", a.value().sum(ax, keepDims),
                (out, g) -> new Var[] {keep(g, ax, keepDims).broadcastTo(in(out, 0).value().shape())}, NONE, a);
    }

    static Var mean(Var a, int axis, boolean keepDims) {
        int ax = Shapes.normalizeAxis("mean", axis, a.rank());
        double scale = 1.0 / a.value().dim(ax);
        return Var.node("mean", a.value().mean(ax, keepDims),
                (out, g) -> new Var[] {keep(g, ax, keepDims).mul(scale).broadcastTo(in(out, 0).value().shape())},
                NONE, a);
    }

    /** Max or min over all elements; the gradient goes to the first extreme element. */
    static Var extreme(Var a, boolean isMax) {
        Tensor x = a.value();
        int at = isMax ? Reductions.argmax(x) : Reductions.argmin(x);
        return Var.node(isMax ? "max" : "min", Tensor.scalar(x.data()[at]), (out, g) -> {
            Tensor mask = Tensor.zerosLike(x);
            mask.data()[at] = 1;
            return new Var[] {g.mul(mask)};
        }, NONE, a); // the position is fixed in the forward pass; only the shape is read later
    }

    /** Max or min along an axis; the gradient goes to the first extreme element of each slice. */
    static Var extreme(Var a, int axis, boolean keepDims, boolean isMax) {
        Tensor x = a.value();
        int ax = Shapes.normalizeAxis(isMax ? "max" : "min", axis, x.rank());
        Tensor ext = isMax ? x.max(ax, true) : x.min(ax, true);
        Tensor value = keepDims ? ext : ext.squeeze(ax);
        // ext is the output or shares its array, so OUTPUT covers it
        return Var.node(isMax ? "max" : "min", value,
                (out, g) -> new Var[] {keep(g, ax, keepDims).mul(firstMatch(x, ext, ax))}, IN0 | OUTPUT, a);
    }

    /** A one-hot mask along {@code axis} at the first element of each slice equal to {@code ext}. */
    private static Tensor firstMatch(Tensor x, Tensor ext, int axis) {
        int[] s = x.shape();
        int outer = Shapes.outerSize(s, axis), n = s[axis], inner = Shapes.innerSize(s, axis);
        double[] d = x.data(), e = ext.data();
        Tensor mask = Tensor.zerosLike(x);
        double[] m = mask.data();
        for (int p = 0; p < outer; p++) {
            for (int i = 0; i < inner; i++) {
                int base = p * n * inner + i;
                double target = e[p * inner + i];
                for (int k = 0; k < n; k++) {
                    if (d[base + k * inner] == target || Double.isNaN(target) && Double.isNaN(d[base + k * inner])) {
                        m[base + k * inner] = 1;
                        break;
                    }
                }
            }
        }
        return mask;
    }

    // d lse / dx = softmax(x) = exp(x - lse)
    static Var logsumexp(Var a, int axis, boolean keepDims) {
        int ax = Shapes.normalizeAxis("logsumexp", axis, a.rank());
        return Var.node("logsumexp", a.value().logsumexp(ax, keepDims), (out, g) -> {
            Var x = in(out, 0);
            return new Var[] {keep(g, ax, keepDims).mul(x.sub(keep(out, ax, keepDims)).exp())};
        }, IN0 | OUTPUT, a);
    }

    // d|x|/dx = x / |x|, taken as 0 at x = 0
    private static final Backward NORM2 = (out, g) -> out.value().item() == 0
            ? new Var[] {null}
            : new Var[] {in(out, 0).mul(g.div(out))};

    static Var norm2(Var a) {
        return Var.node("norm", Tensor.scalar(a.value().norm()), NORM2, IN0 | OUTPUT, a);
    }

    static Var norm(Var a, double p) {
        if (p == 2) return norm2(a);
        if (p == 1) return a.abs().sum();
        if (p == Double.POSITIVE_INFINITY) return a.abs().max();
        throw new IllegalArgumentException("norm: p = " + p + " is not supported; use 1, 2 or infinity");
    }

    private static final Backward SUM_TO = Backward.of(
            (out, g) -> new Var[] {g.broadcastTo(in(out, 0).value().shape())},
            (out, g) -> new Tensor[] {ShapeOps.broadcastTo(g, in(out, 0).value().shape())});

    static Var sumTo(Var a, int[] shape) {
        return Var.node("sumTo", a.value().sumTo(shape), SUM_TO, NONE, a);
    }

    /** {@code g} with the reduced axis restored as size 1, so it broadcasts against the input. */
    private static Var keep(Var g, int axis, boolean keepDims) {
        return keepDims ? g : g.unsqueeze(axis);
    }
}
