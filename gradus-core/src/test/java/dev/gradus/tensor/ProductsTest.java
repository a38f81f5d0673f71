package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProductsTest {

    @Test
    void matmul2dMatchesNaiveLoopForAllTransposes() {
        int m = 7, k = 5, n = 3;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Tensor a = ta ? Ref.random(1, k, m) : Ref.random(1, m, k);
                Tensor b = tb ? Ref.random(2, n, k) : Ref.random(2, k, n);
                Tensor c = a.matmul(b, ta, tb);
                assertThat(c.allClose(Ref.matmul2d(a, b, ta, tb), 1e-12, 1e-12)).as("ta=%s tb=%s", ta, tb).isTrue();
            }
        }
        Tensor a = Ref.random(3, 40, 33), b = Ref.random(4, 33, 21);
        assertThat(a.matmul(b).allClose(Ref.matmul2d(a, b, false, false), 1e-12, 1e-12)).isTrue();
    }

    @Test
    void batchedMatmulBroadcastsBatchDimensions() {
        Tensor a = Ref.random(5, 2, 1, 3, 4);
        Tensor b = Ref.random(6, 5, 4, 2);
        Tensor c = a.matmul(b);
        assertThat(c.shape()).isEqualTo(new int[] {2, 5, 3, 2});
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 5; j++) {
                Tensor ai = a.sliceRows(i, i + 1).reshape(3, 4);
                Tensor bj = b.sliceRows(j, j + 1).reshape(4, 2);
                Tensor cij = c.sliceRows(i, i + 1).reshape(5, 3, 2).sliceRows(j, j + 1).reshape(3, 2);
                assertThat(cij.allClose(Ref.matmul2d(ai, bj, false, false), 1e-12, 1e-12)).isTrue();
            }
        }
        // stack times one matrix (folded into one product), and with transposed operands
        Tensor s = Ref.random(7, 4, 3, 5), w = Ref.random(8, 2, 5);
        Tensor sw = s.matmul(w, false, true);
        Tensor st = s.matmul(Ref.random(9, 4, 3, 2), true, false);
        for (int i = 0; i < 4; i++) {
            Tensor si = s.sliceRows(i, i + 1).reshape(3, 5);
            assertThat(sw.sliceRows(i, i + 1).reshape(3, 2).allClose(Ref.matmul2d(si, w, false, true), 1e-12, 1e-12)).isTrue();
            Tensor bi = Ref.random(9, 4, 3, 2).sliceRows(i, i + 1).reshape(3, 2);
            assertThat(st.sliceRows(i, i + 1).reshape(5, 2).allClose(Ref.matmul2d(si, bi, true, false), 1e-12, 1e-12)).isTrue();
        }
    }

    @Test
    void vectorOperandsFollowNumpy() {
        Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor v3 = Tensor.vector(1, 0, -1);
        Tensor v2 = Tensor.vector(1, 2);
        assertThat(m.matmul(v3)).isEqualTo(Tensor.vector(-2, -2));
        assertThat(v2.matmul(m)).isEqualTo(Tensor.vector(9, 12, 15));
        assertThat(v3.matmul(v3)).isEqualTo(Tensor.scalar(2));
        Tensor batch = Ref.random(3, 4, 2, 3);
        assertThat(batch.matmul(v3).shape()).isEqualTo(new int[] {4, 2});
        assertThat(v2.matmul(batch).shape()).isEqualTo(new int[] {4, 3});
    }

    @Test
    void dotAndOuter() {
        assertThat(Tensor.vector(1, 2, 3).dot(Tensor.vector(4, 5, 6))).isEqualTo(32.0);
        assertThat(Tensor.vector(1, 2).outer(Tensor.vector(3, 4, 5)))
                .isEqualTo(Tensor.of(new double[] {3, 4, 5, 6, 8, 10}, 2, 3));
        assertThatThrownBy(() -> Tensor.vector(1, 2).dot(Tensor.vector(1))).hasMessage("dot: [2] and [1]: shapes differ");
    }

    @Test
    void shapeErrorsNameBothShapes() {
        assertThatThrownBy(() -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2)))
                .hasMessage("matmul: [3, 4] x [5, 2]: inner dimensions 4 and 5 differ");
        assertThatThrownBy(() -> Tensor.zeros(3, 4).matmul(Tensor.zeros(5, 2), false, true))
                .hasMessage("matmul: [3, 4] x [5, 2]^T: inner dimensions 4 and 2 differ");
        assertThatThrownBy(() -> Tensor.zeros(2, 3, 4).matmul(Tensor.zeros(3, 4, 5)))
                .hasMessage("matmul: [2, 3, 4] x [3, 4, 5]: batch dimensions [2] and [3] cannot broadcast");
        assertThatThrownBy(() -> Tensor.scalar(1).matmul(Tensor.zeros(1, 1))).hasMessageContaining("rank-0");
        Tensor sq = Tensor.eye(2);
        assertThatThrownBy(() -> Products.matmul(sq, sq, sq)).hasMessage("matmul: the output must not share its data with an operand");
        Tensor out = Tensor.full(7, 2, 2);
        assertThat(Products.matmul(sq, sq.mul(3), out)).isSameAs(out).isEqualTo(sq.mul(3));
    }
}
