package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.BiFunction;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ElementwiseTest {

    static Stream<Arguments> binaryOps() {
        return Stream.of(
                op("add", Tensor::add, (x, y) -> x + y),
                op("sub", Tensor::sub, (x, y) -> x - y),
                op("mul", Tensor::mul, (x, y) -> x * y),
                op("div", Tensor::div, (x, y) -> x / y),
                op("pow", (a, b) -> a.abs().pow(b), (x, y) -> Math.pow(Math.abs(x), y)),
                op("minimum", Tensor::minimum, Math::min),
                op("maximum", Tensor::maximum, Math::max),
                op("gt", Tensor::gt, (x, y) -> x > y ? 1 : 0),
                op("ge", Tensor::ge, (x, y) -> x >= y ? 1 : 0),
                op("lt", Tensor::lt, (x, y) -> x < y ? 1 : 0),
                op("le", Tensor::le, (x, y) -> x <= y ? 1 : 0),
                op("eq", Tensor::eq, (x, y) -> x == y ? 1 : 0));
    }

    private static Arguments op(String name, BiFunction<Tensor, Tensor, Tensor> f, DoubleBinaryOperator ref) {
        return Arguments.of(name, f, ref);
    }

    private static final int[][][] SHAPE_PAIRS = {
        {{2, 3}, {2, 3}}, {{2, 3}, {}}, {{}, {2, 3}}, {{2, 3}, {1}}, {{1, 1}, {4}}, {{2, 3}, {3}}, {{3}, {2, 3}},
        {{3, 1}, {1, 4}}, {{2, 1, 3}, {4, 1}}, {{2, 4, 3}, {2, 1, 3}}, {{5, 1, 1}, {1, 2, 3}}, {{2, 3, 4}, {4}},
        {{1}, {1}}, {{1, 3, 1}, {2, 1, 1}},
    };

    @ParameterizedTest(name = "{0}")
    @MethodSource("binaryOps")
    void binaryOpsMatchReferenceUnderBroadcasting(String name, BiFunction<Tensor, Tensor, Tensor> f,
                                                  DoubleBinaryOperator ref) {
        long seed = 1;
        for (int[][] pair : SHAPE_PAIRS) {
            Tensor a = Ref.random(seed++, pair[0]);
            Tensor b = Ref.random(seed++, pair[1]);
            if (name.equals("eq") || name.startsWith("g") || name.startsWith("l")) {
                a = a.mul(2).add(0.5).clamp(-2, 2).sign(); // coarse values so ties occur
                b = b.mul(2).clamp(-1, 1).sign();
            }
            Tensor expected = Ref.binary(name.equals("pow") ? a.abs() : a, b, ref);
            Tensor actual = f.apply(a, b);
            assertThat(actual.shape()).as("%s %s", name, java.util.Arrays.deepToString(pair)).isEqualTo(expected.shape());
            assertThat(actual.allClose(expected, 1e-12, 1e-12)).as("%s %s: %s vs %s", name,
                    java.util.Arrays.deepToString(pair), actual, expected).isTrue();
        }
    }

    @Test
    void scalarVersionsMatchBroadcastingAScalarTensor() {
        Tensor a = Ref.random(3, 4, 5).abs().add(0.1);
        Tensor s = Tensor.scalar(1.7);
        assertThat(a.add(1.7)).isEqualTo(a.add(s));
        assertThat(a.sub(1.7)).isEqualTo(a.sub(s));
        assertThat(a.rsub(1.7)).isEqualTo(s.sub(a));
        assertThat(a.mul(1.7)).isEqualTo(a.mul(s));
        assertThat(a.div(1.7)).isEqualTo(a.div(s));
        assertThat(a.rdiv(1.7)).isEqualTo(s.div(a));
        assertThat(a.minimum(1.7)).isEqualTo(a.minimum(s));
        assertThat(a.maximum(1.7)).isEqualTo(a.maximum(s));
        assertThat(a.gt(1.7)).isEqualTo(a.gt(s));
        assertThat(a.le(1.7)).isEqualTo(a.le(s));
        for (double p : new double[] {2, 3, 1, 0.5, -1, 1.7, 0}) {
            Tensor expected = Ref.binary(a, Tensor.scalar(p), Math::pow);
            assertThat(a.pow(p).allClose(expected, 1e-14, 0)).as("pow %s", p).isTrue();
        }
    }

    static Stream<Arguments> unaryOps() {
        return Stream.of(
                un("neg", Tensor::neg, x -> -x),
                un("exp", Tensor::exp, Math::exp),
                un("log", t -> t.abs().log(), x -> Math.log(Math.abs(x))),
                un("sqrt", t -> t.abs().sqrt(), x -> Math.sqrt(Math.abs(x))),
                un("square", Tensor::square, x -> x * x),
                un("reciprocal", Tensor::reciprocal, x -> 1 / x),
                un("abs", Tensor::abs, Math::abs),
                un("sign", Tensor::sign, Math::signum),
                un("tanh", Tensor::tanh, Math::tanh),
                un("sigmoid", Tensor::sigmoid, x -> 1 / (1 + Math.exp(-x))),
                un("relu", Tensor::relu, x -> Math.max(x, 0)),
                un("softplus", Tensor::softplus, x -> Math.log(1 + Math.exp(x))),
                un("clamp", t -> t.clamp(-0.5, 0.7), x -> Math.min(Math.max(x, -0.5), 0.7)));
    }

    private static Arguments un(String name, Function<Tensor, Tensor> f, DoubleUnaryOperator ref) {
        return Arguments.of(name, f, ref);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unaryOps")
    void unaryOpsMatchReference(String name, Function<Tensor, Tensor> f, DoubleUnaryOperator ref) {
        Tensor a = Ref.random(7, 3, 4).mul(3);
        Tensor out = f.apply(a);
        assertThat(out.shape()).isEqualTo(new int[] {3, 4});
        for (int i = 0; i < a.size(); i++) {
            assertThat(out.data()[i]).as("%s(%s)", name, a.data()[i])
                    .isCloseTo(ref.applyAsDouble(a.data()[i]), org.assertj.core.data.Offset.offset(1e-12));
        }
    }

    @Test
    void sigmoidAndSoftplusAreStableForLargeInputs() {
        Tensor x = Tensor.vector(-1000, -40, 0, 40, 1000);
        assertThat(x.sigmoid().data()).containsExactly(0.0, Math.exp(-40) / (1 + Math.exp(-40)), 0.5,
                1 / (1 + Math.exp(-40)), 1.0);
        double[] sp = x.softplus().data();
        assertThat(sp[0]).isEqualTo(0.0);
        assertThat(sp[1]).isCloseTo(Math.exp(-40), org.assertj.core.data.Offset.offset(1e-30));
        assertThat(sp[2]).isEqualTo(Math.log(2));
        assertThat(sp[4]).isEqualTo(1000.0);
    }

    @Test
    void signOfZeroIsPositiveZeroAndReluOfNegativeZeroIsZero() {
        Tensor x = Tensor.vector(-0.0, 0.0, -3, 2);
        assertThat(x.sign().data()).containsExactly(0.0, 0.0, -1.0, 1.0);
        assertThat(Double.doubleToRawLongBits(x.sign().data()[0])).isZero();
        assertThat(x.relu().data()).containsExactly(0.0, 0.0, 0.0, 2.0);
    }

    @Test
    void whereBroadcastsAllThree() {
        Tensor mask = Tensor.vector(1, 0, 1);
        Tensor a = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.scalar(-1);
        assertThat(Tensor.where(mask, a, b)).isEqualTo(Tensor.of(new double[] {1, -1, 3, 4, -1, 6}, 2, 3));
        Tensor col = Tensor.of(new double[] {0, 1}, 2, 1);
        assertThat(Tensor.where(col, a, Tensor.vector(7, 8, 9)))
                .isEqualTo(Tensor.of(new double[] {7, 8, 9, 4, 5, 6}, 2, 3));
        assertThat(Tensor.where(a.gt(3), a, a.neg())).isEqualTo(Tensor.of(new double[] {-1, -2, -3, 4, 5, 6}, 2, 3));
    }

    @Test
    void outputArgumentIsOverwrittenAndMayAliasAnOperand() {
        Tensor a = Tensor.vector(1, 2, 3);
        Tensor b = Tensor.vector(10, 20, 30);
        Tensor out = Tensor.full(99, 3);
        assertThat(Elementwise.add(a, b, out)).isSameAs(out);
        assertThat(out.data()).containsExactly(11, 22, 33);
        Elementwise.mul(a, a, a);
        assertThat(a.data()).containsExactly(1, 4, 9);
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Elementwise.sub(m, Tensor.vector(1, 1, 1), m);
        assertThat(m.data()).containsExactly(0, 1, 2, 3, 4, 5);
        assertThatThrownBy(() -> Elementwise.add(a, b, Tensor.zeros(4)))
                .hasMessage("add: output has shape [4], expected [3]");
    }

    @Test
    void shapeErrorsNameOpAndBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(2, 3).add(Tensor.zeros(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("add: [2, 3] and [4]: dimension 1 is 3 vs 4 and cannot broadcast");
        assertThatThrownBy(() -> Tensor.zeros(2, 3).clamp(1, 0)).hasMessageContaining("clamp");
    }
}
