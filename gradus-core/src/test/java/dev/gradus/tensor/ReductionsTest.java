package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ReductionsTest {
    private final Tensor x = Ref.random(11, 2, 3, 4);

    /** Reduces along {@code axis} with a per-slice function applied to the values along that axis. */
    private static Tensor reference(Tensor x, int axis, Function<double[], Double> f) {
        int[] s = x.shape();
        int[] os = Shapes.reduceAxis(s, axis, true);
        Tensor out = Tensor.zeros(os);
        for (int i = 0; i < out.size(); i++) {
            int[] idx = Ref.unravel(i, os);
            double[] slice = new double[s[axis]];
            for (int k = 0; k < slice.length; k++) {
                idx[axis] = k;
                slice[k] = x.get(idx);
            }
            out.data()[i] = f.apply(slice);
        }
        return out;
    }

    private void check(String name, BiFunction<Integer, Boolean, Tensor> op, Function<double[], Double> ref) {
        for (int axis = 0; axis < 3; axis++) {
            Tensor expected = reference(x, axis, ref);
            Tensor kept = op.apply(axis, true);
            assertThat(kept.allClose(expected, 1e-12, 1e-12)).as("%s axis %d", name, axis).isTrue();
            Tensor dropped = op.apply(axis - 3, false); // negative axes count from the end
            assertThat(dropped.shape()).isEqualTo(Shapes.reduceAxis(x.shape(), axis, false));
            assertThat(dropped.data()).isEqualTo(kept.data());
        }
    }

    @Test
    void axisReductionsMatchReferenceOnEveryAxis() {
        check("sum", (a, k) -> x.sum(a, k), v -> { double s = 0; for (double d : v) s += d; return s; });
        check("mean", (a, k) -> x.mean(a, k), v -> { double s = 0; for (double d : v) s += d; return s / v.length; });
        check("max", (a, k) -> x.max(a, k), v -> { double m = v[0]; for (double d : v) m = Math.max(m, d); return m; });
        check("min", (a, k) -> x.min(a, k), v -> { double m = v[0]; for (double d : v) m = Math.min(m, d); return m; });
        check("logsumexp", (a, k) -> x.logsumexp(a, k),
                v -> { double s = 0; for (double d : v) s += Math.exp(d); return Math.log(s); });
        check("norm2", (a, k) -> x.norm(2, a, k), v -> { double s = 0; for (double d : v) s += d * d; return Math.sqrt(s); });
        check("norm1", (a, k) -> x.norm(1, a, k), v -> { double s = 0; for (double d : v) s += Math.abs(d); return s; });
        check("normInf", (a, k) -> x.norm(Double.POSITIVE_INFINITY, a, k),
                v -> { double m = 0; for (double d : v) m = Math.max(m, Math.abs(d)); return m; });
        check("argmax", (a, k) -> k ? x.argmax(a).unsqueeze(a) : x.argmax(a), v -> {
            int b = 0;
            for (int i = 1; i < v.length; i++) if (v[i] > v[b]) b = i;
            return (double) b;
        });
    }

    @Test
    void fullReductions() {
        Tensor t = Tensor.of(new double[] {3, -7, 2, 5, -1, 4}, 2, 3);
        assertThat(t.sum()).isEqualTo(6.0);
        assertThat(t.mean()).isEqualTo(1.0);
        assertThat(t.max()).isEqualTo(5.0);
        assertThat(t.min()).isEqualTo(-7.0);
        assertThat(t.argmax()).isEqualTo(3);
        assertThat(Reductions.argmin(t)).isEqualTo(1);
        assertThat(t.norm(1)).isEqualTo(22.0);
        assertThat(t.norm()).isCloseTo(Math.sqrt(9 + 49 + 4 + 25 + 1 + 16), offset(1e-15));
        assertThat(t.norm(Double.POSITIVE_INFINITY)).isEqualTo(7.0);
        double lse = 0;
        for (double v : t.data()) lse += Math.exp(v);
        assertThat(t.logsumexp()).isCloseTo(Math.log(lse), offset(1e-13));
        assertThat(Tensor.of(new double[] {1, 3, 3}, 3).argmax()).isEqualTo(1); // first maximum
    }

    @Test
    void logsumexpIsStableAndHandlesInfinities() {
        Tensor big = Tensor.vector(1000, 1000);
        assertThat(big.logsumexp()).isCloseTo(1000 + Math.log(2), offset(1e-12));
        Tensor rows = Tensor.of(new double[] {1000, 1000, -1000, Double.NEGATIVE_INFINITY,
                Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, 3, 2);
        assertThat(rows.logsumexp(1, false).data())
                .containsExactly(1000 + Math.log(2), -1000, Double.NEGATIVE_INFINITY);
    }

    @Test
    void sumToUndoesBroadcast() {
        Tensor g = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertThat(g.sumTo(3)).isEqualTo(Tensor.vector(5, 7, 9));
        assertThat(g.sumTo(2, 1)).isEqualTo(Tensor.of(new double[] {6, 15}, 2, 1));
        assertThat(g.sumTo(1, 3)).isEqualTo(Tensor.of(new double[] {5, 7, 9}, 1, 3));
        assertThat(g.sumTo()).isEqualTo(Tensor.scalar(21));
        assertThat(g.sumTo(2, 3)).isEqualTo(g).isNotSameAs(g);
        Tensor h = Ref.random(5, 2, 3, 4);
        assertThat(h.sumTo(3, 1).allClose(h.sum(0, false).sum(1, true), 1e-14, 1e-14)).isTrue();
        assertThatThrownBy(() -> g.sumTo(2)).hasMessage("sumTo: [2, 3] cannot be summed to [2]: [2] does not broadcast to [2, 3]");
    }

    @Test
    void errorsNameTheProblem() {
        assertThatThrownBy(() -> x.sum(3, false)).hasMessage("sum: axis 3 out of range for rank 3");
        assertThatThrownBy(() -> Tensor.zeros(0).max()).hasMessageContaining("max: tensor of shape [0] is empty");
        assertThatThrownBy(() -> x.norm(3)).hasMessageContaining("norm: p = 3.0");
    }

    @Test
    void sumRowsHasTheBitsOfSumToRowByRow() {
        RandomStream rng = RandomStream.of(13);
        for (int cols : new int[] {16, 8, 3, 1}) { // whole vectors, and columns the vectors do not divide
            for (int rows : new int[] {1, 2, 33}) {
                double[] d = new double[rows * cols];
                for (int i = 0; i < d.length; i++) {
                    d[i] = i % 7 == 0 ? -0.0 : rng.normal() * Math.pow(10, rng.nextInt(12) - 6);
                }
                double[] out = new double[cols];
                java.util.Arrays.fill(out, Double.NaN); // overwritten, not read
                Reductions.sumRows(d, out);
                double[] expected = new double[cols];
                for (int r = 0; r < rows; r++) {
                    for (int j = 0; j < cols; j++) {
                        expected[j] += d[r * cols + j];
                    }
                }
                for (int j = 0; j < cols; j++) {
                    assertThat(Double.doubleToRawLongBits(out[j])).as("%d x %d, column %d", rows, cols, j)
                            .isEqualTo(Double.doubleToRawLongBits(expected[j]));
                }
                if (rows > 1) {
                    assertThat(Tensor.of(d, rows, cols).sumTo(cols).data()).isEqualTo(out);
                }
            }
        }
        assertThatThrownBy(() -> Reductions.sumRows(new double[5], new double[2])).hasMessageContaining("sumRows");
    }
}
