package dev.gradus.autodiff;

import static dev.gradus.autodiff.SavedValues.OUTPUT;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Softmax;

/** Softmax and log-softmax on vars and their backward rules. */
final class VarSoftmax {
    private VarSoftmax() {}

    // y = softmax(x): dx = y * (g - sum(g * y))
    static Var softmax(Var a, int axis) {
        int ax = Shapes.normalizeAxis("softmax", axis, a.rank());
        return Var.node("softmax", Softmax.softmax(a.value(), ax, null),
                (out, g) -> new Var[] {out.mul(g.sub(g.mul(out).sum(ax, true)))}, OUTPUT, a);
    }

    // y = logSoftmax(x): dx = g - exp(y) * sum(g)
    static Var logSoftmax(Var a, int axis) {
        int ax = Shapes.normalizeAxis("logSoftmax", axis, a.rank());
        return Var.node("logSoftmax", Softmax.logSoftmax(a.value(), ax, null),
                (out, g) -> new Var[] {g.sub(out.exp().mul(g.sum(ax, true)))}, OUTPUT, a);
    }
}
