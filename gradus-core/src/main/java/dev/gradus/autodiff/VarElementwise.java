package dev.gradus.autodiff;

import dev.gradus.tensor.Elementwise;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

import static dev.gradus.autodiff.SavedValues.IN0;
import static dev.gradus.autodiff.SavedValues.IN1;
import static dev.gradus.autodiff.SavedValues.IN2;
import static dev.gradus.autodiff.SavedValues.NONE;
import static dev.gradus.autodiff.SavedValues.OUTPUT;

/**
 * Elementwise operations on vars and their backward rules. Binary operations broadcast; their backward
 * sums each input's gradient back to the input's shape ({@link #unbroadcast}).
 */
final class VarElementwise {
    private VarElementwise() {}

    // ---------------------------------------------------------------- binary

    private static final Backward ADD = Backward.of(
            (out, g) -> new Var[] {need(out, 0) ? unbroadcast(g, in(out, 0)) : null,
                                   need(out, 1) ? unbroadcast(g, in(out, 1)) : null},
            (out, g) -> new Tensor[] {need(out, 0) ? unbroadcast(g, in(out, 0)) : null,
                                      need(out, 1) ? unbroadcast(g, in(out, 1)) : null});

    static Var add(Var a, Var b) {
        return Var.node("add", a.value().add(b.value()), ADD, NONE, a, b);
    }

    private static final Backward SUB = Backward.of(
            (out, g) -> new Var[] {need(out, 0) ? unbroadcast(g, in(out, 0)) : null,
                                   need(out, 1) ? unbroadcast(g.neg(), in(out, 1)) : null},
            (out, g) -> new Tensor[] {need(out, 0) ? unbroadcast(g, in(out, 0)) : null,
                                      need(out, 1) ? unbroadcast(g.neg(), in(out, 1)) : null});

    static Var sub(Var a, Var b) {
        return Var.node("sub", a.value().sub(b.value()), SUB, NONE, a, b);
    }

    private static final Backward MUL = Backward.of(
            (out, g) -> new Var[] {need(out, 0) ? unbroadcast(g.mul(in(out, 1)), in(out, 0)) : null,
                                   need(out, 1) ? unbroadcast(g.mul(in(out, 0)), in(out, 1)) : null},
            (out, g) -> new Tensor[] {need(out, 0) ? unbroadcast(g.mul(val(out, 1)), in(out, 0)) : null,
                                      need(out, 1) ? unbroadcast(g.mul(val(out, 0)), in(out, 1)) : null});

    static Var mul(Var a, Var b) {
        // a's gradient reads b, b's reads a
        int reads = (a.requiresGrad() ? IN1 : 0) | (b.requiresGrad() ? IN0 : 0);
        return Var.node("mul", a.value().mul(b.value()), MUL, reads, a, b);
    }

    // d(a/b)/db = -a/b^2 = -out/b
    private static final Backward DIV = (out, g) -> new Var[] {
        need(out, 0) ? unbroadcast(g.div(in(out, 1)), in(out, 0)) : null,
        need(out, 1) ? unbroadcast(g.mul(out).div(in(out, 1)).neg(), in(out, 1)) : null};

    static Var div(Var a, Var b) {
        return Var.node("div", a.value().div(b.value()), DIV, IN1 | (b.requiresGrad() ? OUTPUT : 0), a, b);
    }

    // d(a^b)/da = b a^(b-1); d(a^b)/db = a^b log(a)
    private static final Backward POW = (out, g) -> new Var[] {
        need(out, 0) ? unbroadcast(g.mul(in(out, 1)).mul(in(out, 0).pow(in(out, 1).add(-1.0))), in(out, 0)) : null,
        need(out, 1) ? unbroadcast(g.mul(out).mul(in(out, 0).log()), in(out, 1)) : null};

    static Var pow(Var a, Var b) {
        return Var.node("pow", a.value().pow(b.value()), POW,
                IN0 | (a.requiresGrad() ? IN1 : 0) | (b.requiresGrad() ? OUTPUT : 0), a, b);
    }

    static Var minimum(Var a, Var b) {
        return Var.node("minimum", a.value().minimum(b.value()), MIN_MAX, IN0 | IN1, a, b);
    }

    static Var maximum(Var a, Var b) {
        return Var.node("maximum", a.value().maximum(b.value()), MIN_MAX, IN0 | IN1, a, b);
    }

    /** The winner of each comparison gets the gradient; a tie gives each side half. */
    private static final Backward MIN_MAX = (out, g) -> {
        Tensor a = val(out, 0), b = val(out, 1);
        Tensor winsA = out.op.equals("minimum") ? a.lt(b) : a.gt(b);
        Tensor shareA = Elementwise.add(winsA, a.eq(b).mul(0.5), null);
        return new Var[] {need(out, 0) ? unbroadcast(g.mul(shareA), in(out, 0)) : null,
                          need(out, 1) ? unbroadcast(g.mul(shareA.rsub(1.0)), in(out, 1)) : null};
    };

    // ---------------------------------------------------------------- with a scalar

    private static final Backward IDENTITY = Backward.of(
            (out, g) -> new Var[] {g},
            (out, g) -> new Tensor[] {g});

    static Var add(Var a, double s) {
        return Var.node("add", a.value().add(s), IDENTITY, NONE, a);
    }

    private static final Backward NEGATE = Backward.of(
            (out, g) -> new Var[] {g.neg()},
            (out, g) -> new Tensor[] {g.neg()});

    static Var rsub(double s, Var a) {
        return Var.node("rsub", a.value().rsub(s), NEGATE, NONE, a);
    }

    static Var mul(Var a, double s) {
        return Var.node("mul", a.value().mul(s), Backward.of(
                (out, g) -> new Var[] {g.mul(s)},
                (out, g) -> new Tensor[] {g.mul(s)}), NONE, a);
    }

    static Var div(Var a, double s) {
        return Var.node("div", a.value().div(s), Backward.of(
                (out, g) -> new Var[] {g.div(s)},
                (out, g) -> new Tensor[] {g.div(s)}), NONE, a);
    }

    // d(s/a)/da = -s/a^2 = -out/a
    private static final Backward RDIV = (out, g) -> new Var[] {g.mul(out).div(in(out, 0)).neg()};

    static Var rdiv(double s, Var a) {
        return Var.node("rdiv", a.value().rdiv(s), RDIV, OUTPUT | IN0, a);
    }

    static Var pow(Var a, double p) {
        if (p == 0) {
            return Var.constant(Tensor.onesLike(a.value()));
        }
        return Var.node("pow", a.value().pow(p), (out, g) -> new Var[] {g.mul(in(out, 0).pow(p - 1).mul(p))},
                IN0, a);
    }

    // ---------------------------------------------------------------- unary

    private static final Backward EXP = Backward.of(
            (out, g) -> new Var[] {g.mul(out)},
            (out, g) -> new Tensor[] {g.mul(out.value())});

    static Var exp(Var a) {
        return Var.node("exp", a.value().exp(), EXP, OUTPUT, a);
    }

    private static final Backward LOG = Backward.of(
            (out, g) -> new Var[] {g.div(in(out, 0))},
            (out, g) -> new Tensor[] {g.div(val(out, 0))});

    static Var log(Var a) {
        return Var.node("log", a.value().log(), LOG, IN0, a);
    }

    private static final Backward SQRT = (out, g) -> new Var[] {g.div(out.mul(2.0))};

    static Var sqrt(Var a) {
        return Var.node("sqrt", a.value().sqrt(), SQRT, OUTPUT, a);
    }

    private static final Backward SQUARE = Backward.of(
            (out, g) -> new Var[] {g.mul(in(out, 0).mul(2.0))},
            (out, g) -> {
                Tensor grad = Scratch.tensor(g.shape());
                double[] gd = g.data(), x = val(out, 0).data(), r = grad.data();
                for (int i = 0; i < r.length; i++) r[i] = 2 * x[i] * gd[i];
                return new Tensor[] {grad};
            });

    static Var square(Var a) {
        return Var.node("square", a.value().square(), SQUARE, IN0, a);
    }

    private static final Backward ABS = (out, g) -> new Var[] {g.mul(val(out, 0).sign())};

    static Var abs(Var a) {
        return Var.node("abs", a.value().abs(), ABS, IN0, a);
    }

    private static final Backward ZERO = (out, g) -> new Var[] {null};

    static Var sign(Var a) {
        return Var.node("sign", a.value().sign(), ZERO, NONE, a);
    }

    private static final Backward TANH = Backward.of(
            (out, g) -> new Var[] {g.mul(out.square().rsub(1.0))},
            (out, g) -> {
                Tensor grad = Scratch.tensor(g.shape());
                double[] gd = g.data(), y = out.value().data(), r = grad.data();
                for (int i = 0; i < r.length; i++) r[i] = gd[i] * (1 - y[i] * y[i]);
                return new Tensor[] {grad};
            });

    static Var tanh(Var a) {
        return Var.node("tanh", a.value().tanh(), TANH, OUTPUT, a);
    }

    private static final Backward SIGMOID = Backward.of(
            (out, g) -> new Var[] {g.mul(out.mul(out.rsub(1.0)))},
            (out, g) -> {
                Tensor grad = Scratch.tensor(g.shape());
                double[] gd = g.data(), y = out.value().data(), r = grad.data();
                for (int i = 0; i < r.length; i++) r[i] = gd[i] * y[i] * (1 - y[i]);
                return new Tensor[] {grad};
            });

    static Var sigmoid(Var a) {
        return Var.node("sigmoid", a.value().sigmoid(), SIGMOID, OUTPUT, a);
    }

    // relu'(0) = 0: the mask is x > 0
    private static final Backward RELU = Backward.of(
            (out, g) -> new Var[] {g.mul(val(out, 0).gt(0.0))},
            (out, g) -> {
                Tensor grad = Scratch.tensor(g.shape());
                double[] gd = g.data(), x = val(out, 0).data(), r = grad.data();
                for (int i = 0; i < r.length; i++) r[i] = x[i] > 0 ? gd[i] : 0.0;
                return new Tensor[] {grad};
            });

    static Var relu(Var a) {
        return Var.node("relu", a.value().relu(), RELU, IN0, a);
    }

    private static final Backward SOFTPLUS = (out, g) -> new Var[] {g.mul(in(out, 0).sigmoid())};

    static Var softplus(Var a) {
        return Var.node("softplus", a.value().softplus(), SOFTPLUS, IN0, a);
    }

    static Var clamp(Var a, double lo, double hi) {
        Tensor x = a.value();
        return Var.node("clamp", x.clamp(lo, hi), (out, g) -> {
            Tensor inside = Elementwise.mul(x.ge(lo), x.le(hi), null);
            return new Var[] {g.mul(inside)};
        }, IN0, a);
    }

    /** The mask is a constant third input, so that changing it in place is caught like any saved value. */
    static Var where(Tensor mask, Var a, Var b) {
        Tensor value = Tensor.where(mask, a.value(), b.value());
        return Var.node("where", value, (out, g) -> {
            Tensor takeA = val(out, 2).eq(0.0).rsub(1.0);
            return new Var[] {need(out, 0) ? unbroadcast(g.mul(takeA), in(out, 0)) : null,
                              need(out, 1) ? unbroadcast(g.mul(takeA.rsub(1.0)), in(out, 1)) : null, null};
        }, IN2, a, b, Var.constant(mask, "mask"));
    }

    // ---------------------------------------------------------------- helpers shared by the backward rules

    static Var in(Var out, int i) {
        return out.inputs[i];
    }

    static Tensor val(Var out, int i) {
        return out.inputs[i].value();
    }

    static boolean need(Var out, int i) {
        return out.inputs[i].requiresGrad();
    }

    /** The gradient of a broadcast input: {@code g} summed back to {@code like}'s shape. */
    static Var unbroadcast(Var g, Var like) {
        return unbroadcast(g, like.value().shape());
    }

    static Tensor unbroadcast(Tensor g, Var like) {
        return unbroadcast(g, like.value().shape());
    }

    /** {@code g} summed down to {@code shape}, or g itself when it already has that shape. */
    static Var unbroadcast(Var g, int[] shape) {
        return Arrays.equals(g.value().shape(), shape) ? g : g.sumTo(shape);
    }

    static Tensor unbroadcast(Tensor g, int[] shape) {
        return Arrays.equals(g.shape(), shape) ? g : g.sumTo(shape);
    }
}
