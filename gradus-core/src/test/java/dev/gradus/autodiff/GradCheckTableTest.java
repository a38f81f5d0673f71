package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A finite-difference gradient check for every differentiable operation, including broadcasting cases.
 * Each case is checked through the fused first-order path and through the differentiable (create-graph)
 * path, and the two paths must agree to rounding.
 */
class GradCheckTableTest {
    private static long seed = 100;

    private static Tensor rnd(int... shape) {
        return Tensor.randn(RandomStream.of(seed++), shape);
    }

    /** Values in [0.5, ~3.5): inside the domain of log, sqrt and fractional powers. */
    private static Tensor pos(int... shape) {
        return rnd(shape).abs().add(0.5);
    }

    /** Values at least 0.2 away from zero: away from the kinks of relu, abs and sign. */
    private static Tensor away(int... shape) {
        Tensor t = rnd(shape);
        return t.sign().mul(t.abs().add(0.2));
    }

    private static Arguments c(String name, Function<List<Var>, Var> f, Tensor... inputs) {
        return Arguments.of(name, f, List.of(inputs));
    }

    private static Var x(List<Var> v) { return v.get(0); }

    private static Var y(List<Var> v) { return v.get(1); }

    static Stream<Arguments> cases() {
        seed = 100; // every test method sees the same inputs, whichever runs first
        Tensor mask = Tensor.vector(1, 0, 1);
        return Stream.of(
                c("add", v -> x(v).add(y(v)), rnd(2, 3), rnd(2, 3)),
                c("add row broadcast", v -> x(v).add(y(v)), rnd(2, 3), rnd(3)),
                c("add outer broadcast", v -> x(v).add(y(v)), rnd(3, 1), rnd(1, 4)),
                c("add rank-0", v -> x(v).add(y(v)), rnd(2, 3), rnd()),
                c("add same input twice", v -> x(v).add(x(v)).mul(x(v)), rnd(4)),
                c("sub broadcast", v -> x(v).sub(y(v)), rnd(2, 1, 3), rnd(4, 1)),
                c("mul broadcast", v -> x(v).mul(y(v)), rnd(2, 4, 3), rnd(2, 1, 3)),
                c("div broadcast", v -> x(v).div(y(v)), rnd(3, 4), pos(4)),
                c("pow var", v -> x(v).pow(y(v)), pos(2, 3), rnd(3)),
                c("minimum", v -> x(v).minimum(y(v)), rnd(3, 4), rnd(4)),
                c("maximum", v -> x(v).maximum(y(v)), rnd(3, 4), rnd(3, 1)),
                c("add scalar", v -> x(v).add(2.5), rnd(3)),
                c("sub scalar", v -> x(v).sub(2.5), rnd(3)),
                c("rsub", v -> x(v).rsub(2.5), rnd(3)),
                c("mul scalar", v -> x(v).mul(-1.5), rnd(3)),
                c("div scalar", v -> x(v).div(4), rnd(3)),
                c("rdiv", v -> x(v).rdiv(2), pos(3)),
                c("pow 2", v -> x(v).pow(2), rnd(3)),
                c("pow 3", v -> x(v).pow(3), rnd(3)),
                c("pow -1.5", v -> x(v).pow(-1.5), pos(3)),
                c("pow 0.5", v -> x(v).pow(0.5), pos(3)),
                c("neg", v -> x(v).neg(), rnd(3)),
                c("exp", v -> x(v).exp(), rnd(2, 3)),
                c("log", v -> x(v).log(), pos(2, 3)),
                c("sqrt", v -> x(v).sqrt(), pos(2, 3)),
                c("square", v -> x(v).square(), rnd(2, 3)),
                c("reciprocal", v -> x(v).reciprocal(), away(2, 3)),
                c("abs", v -> x(v).abs(), away(2, 3)),
                c("sign times x", v -> x(v).sign().add(x(v)), away(2, 3)),
                c("tanh", v -> x(v).tanh(), rnd(2, 3)),
                c("sigmoid", v -> x(v).sigmoid(), rnd(2, 3)),
                c("relu", v -> x(v).relu(), away(2, 3)),
                c("softplus", v -> x(v).softplus(), rnd(2, 3).mul(3)),
                c("clamp", v -> x(v).clamp(-0.45, 0.55), Tensor.vector(-1, -0.3, 0.1, 0.5, 2)),
                c("where broadcast", v -> Var.where(mask, x(v), y(v)), rnd(2, 3), rnd(2, 1)),
                c("sum all", v -> x(v).sum(), rnd(2, 3)),
                c("sum axis", v -> x(v).sum(1, false), rnd(2, 3, 4)),
                c("sum axis keep", v -> x(v).sum(0, true), rnd(2, 3, 4)),
                c("mean all", v -> x(v).mean(), rnd(2, 3)),
                c("mean axis", v -> x(v).mean(-1, false), rnd(2, 3, 4)),
                c("max all", v -> x(v).max(), rnd(2, 3)),
                c("min all", v -> x(v).min(), rnd(2, 3)),
                c("max axis", v -> x(v).max(1, false), rnd(3, 4, 2)),
                c("min axis keep", v -> x(v).min(0, true), rnd(3, 4)),
                c("logsumexp axis", v -> x(v).logsumexp(1, false), rnd(3, 4)),
                c("logsumexp axis keep", v -> x(v).logsumexp(0, true), rnd(3, 4)),
                c("logsumexp all", v -> x(v).logsumexp(), rnd(3, 4)),
                c("norm2", v -> x(v).norm(), rnd(3, 4)),
                c("norm1", v -> x(v).norm(1), away(3, 4)),
                c("normInf", v -> x(v).norm(Double.POSITIVE_INFINITY), rnd(3, 4)),
                c("sumTo", v -> x(v).sumTo(3, 1), rnd(2, 3, 4)),
                c("broadcastTo", v -> x(v).broadcastTo(2, 3, 4), rnd(3, 1)),
                c("matmul", v -> x(v).matmul(y(v)), rnd(3, 4), rnd(4, 2)),
                c("matmul A^T", v -> x(v).matmul(y(v), true, false), rnd(4, 3), rnd(4, 2)),
                c("matmul B^T", v -> x(v).matmul(y(v), false, true), rnd(3, 4), rnd(2, 4)),
                c("matmul A^T B^T", v -> x(v).matmul(y(v), true, true), rnd(4, 3), rnd(2, 4)),
                c("matmul batched broadcast", v -> x(v).matmul(y(v)), rnd(2, 1, 3, 4), rnd(5, 4, 2)),
                c("matmul batched times matrix", v -> x(v).matmul(y(v), false, true), rnd(3, 2, 4), rnd(5, 4)),
                c("matmul batched transposed", v -> x(v).matmul(y(v), true, true), rnd(2, 4, 3), rnd(1, 5, 4)),
                c("matmul vector x matrix", v -> x(v).matmul(y(v)), rnd(4), rnd(4, 3)),
                c("matmul matrix x vector", v -> x(v).matmul(y(v)), rnd(3, 4), rnd(4)),
                c("matmul vector x vector", v -> x(v).matmul(y(v)), rnd(4), rnd(4)),
                c("matmul vector x batch", v -> x(v).matmul(y(v)), rnd(4), rnd(2, 4, 3)),
                c("dot", v -> x(v).dot(y(v)), rnd(2, 3), rnd(2, 3)),
                c("outer", v -> x(v).outer(y(v)), rnd(3), rnd(4)),
                c("softmax last", v -> x(v).softmax(-1), rnd(3, 4)),
                c("softmax first", v -> x(v).softmax(0), rnd(3, 4)),
                c("logSoftmax", v -> x(v).logSoftmax(1), rnd(2, 3, 4)),
                c("reshape", v -> x(v).reshape(4, -1).mul(y(v)), rnd(2, 6), rnd(4, 3)),
                c("transpose", v -> x(v).transpose().mul(y(v)), rnd(2, 3, 4), rnd(2, 4, 3)),
                c("transpose axes", v -> x(v).transpose(0, 2).mul(y(v)), rnd(2, 3, 4), rnd(4, 3, 2)),
                c("permute", v -> x(v).permute(2, 0, 1).mul(y(v)), rnd(2, 3, 4), rnd(4, 2, 3)),
                c("sliceRows", v -> x(v).sliceRows(1, 3).mul(y(v)), rnd(4, 3), rnd(2, 3)),
                c("narrow", v -> x(v).narrow(1, 1, 2).mul(y(v)), rnd(2, 4), rnd(2, 2)),
                c("pad", v -> x(v).pad(0, 1, 2).mul(y(v)), rnd(2, 3), rnd(5, 3)),
                c("indexSelect repeats", v -> x(v).indexSelect(2, 0, 2, 3).mul(y(v)), rnd(4, 3), rnd(4, 3)),
                c("indexAdd", v -> x(v).indexAdd(new int[] {1, 1, 0}, y(v)).square(), rnd(3, 2), rnd(3, 2)),
                c("concat", v -> Var.concat(List.of(x(v), y(v), x(v)), 1).square(), rnd(2, 3), rnd(2, 1)),
                c("stack", v -> Var.stack(List.of(x(v), y(v)), 1).square(), rnd(2, 3), rnd(2, 3)),
                c("unsqueeze squeeze", v -> x(v).unsqueeze(1).mul(y(v)).squeeze(1), rnd(2, 3), rnd(2, 1, 3)),
                c("softmax cross-entropy labels", v -> Losses.softmaxCrossEntropy(x(v), new int[] {2, 0, 1, 2}), rnd(4, 3)),
                c("softmax cross-entropy probs", v -> Losses.softmaxCrossEntropy(x(v), Tensor.of(
                        new double[] {0.2, 0.3, 0.5, 1, 0, 0, 0.1, 0.1, 0.7}, 3, 3)), rnd(3, 3)),
                c("binary cross-entropy with logits", v -> Losses.binaryCrossEntropyWithLogits(x(v),
                        Tensor.of(new double[] {1, 0, 0.3, 1, 0, 0.5}, 2, 3)), rnd(2, 3).mul(2)),
                c("mse tensor target", v -> Losses.mse(x(v), Tensor.vector(1, -2, 0.5)), rnd(3)),
                c("mse var target", v -> Losses.mse(x(v), y(v)), rnd(3), rnd(3)),
                c("tanh mlp", v -> Losses.mse(Var.constant(Tensor.randn(RandomStream.of(5), 6, 2)).matmul(x(v)).add(y(v))
                        .tanh().matmul(v.get(2)), Tensor.randn(RandomStream.of(6), 6, 1)),
                        rnd(2, 4), rnd(4), rnd(4, 1)),
                c("affine", v -> x(v).affine(y(v), v.get(2), FusedActivation.IDENTITY), rnd(5, 3), rnd(4, 3), rnd(4)),
                c("affine no bias", v -> x(v).affine(y(v), null, FusedActivation.IDENTITY), rnd(5, 3), rnd(4, 3)),
                c("affine relu", v -> x(v).affine(y(v), v.get(2), FusedActivation.RELU), rnd(5, 3), rnd(4, 3), rnd(4)),
                c("affine tanh", v -> x(v).affine(y(v), v.get(2), FusedActivation.TANH), rnd(5, 3), rnd(4, 3), rnd(4)),
                c("affine sigmoid", v -> x(v).affine(y(v), v.get(2), FusedActivation.SIGMOID), rnd(5, 3), rnd(4, 3),
                        rnd(4)),
                c("affine tanh mlp", v -> Losses.mse(x(v).affine(y(v), v.get(2), FusedActivation.TANH)
                        .affine(v.get(3), null, FusedActivation.IDENTITY), Tensor.randn(RandomStream.of(7), 6, 2)),
                        rnd(6, 3), rnd(4, 3), rnd(4), rnd(2, 4)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(String name, Function<List<Var>, Var> f, List<Tensor> inputs) {
        GradCheck.Report fast = GradCheck.check(f, inputs, GradCheck.DEFAULT_EPS, false);
        assertThat(fast.passes(1e-6)).as("%s fast path: %s", name, fast).isTrue();
        GradCheck.Report graph = GradCheck.check(f, inputs, GradCheck.DEFAULT_EPS, true);
        assertThat(graph.passes(1e-6)).as("%s graph path: %s", name, graph).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastAndDifferentiablePathsAgree(String name, Function<List<Var>, Var> f, List<Tensor> inputs) {
        List<Var> params = new ArrayList<>();
        for (Tensor t : inputs) params.add(Var.param(t.copy()));
        Var out = f.apply(params);
        Tensor seed = out.value().size() == 1 ? null : Tensor.randn(RandomStream.of(9), out.shape());
        List<Tensor> fast = Autodiff.grad(out, params, seed, true);
        List<Var> graph = Autodiff.gradGraph(out, params, seed == null ? null : Var.constant(seed), true);
        for (int i = 0; i < fast.size(); i++) {
            assertThat(fast.get(i).allClose(graph.get(i).value(), 1e-12, 1e-12))
                    .as("%s input %d: %s vs %s", name, i, fast.get(i), graph.get(i).value()).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hessianVectorProductMatchesFiniteDifferencesOfGradients(String name, Function<List<Var>, Var> f,
                                                                 List<Tensor> inputs) {
        SecondOrder.requireHvpMatchesFiniteDifferences(name, SecondOrder.scalarised(f, inputs), inputs, 1e-6);
    }
}
