package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeOpsTest {
    private final Tensor m = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);

    @Test
    void transposeAndPermute() {
        assertThat(m.transpose()).isEqualTo(Tensor.of(new double[] {1, 4, 2, 5, 3, 6}, 3, 2));
        Tensor x = Ref.random(1, 2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertThat(p.shape()).isEqualTo(new int[] {4, 2, 3});
        for (int i = 0; i < x.size(); i++) {
            int[] idx = Ref.unravel(i, x.shape());
            assertThat(p.get(idx[2], idx[0], idx[1])).isEqualTo(x.get(idx));
        }
        Tensor t = x.transpose();
        assertThat(t.shape()).isEqualTo(new int[] {2, 4, 3});
        assertThat(t.get(1, 3, 2)).isEqualTo(x.get(1, 2, 3));
        assertThat(x.transpose(0, 2)).isEqualTo(x.permute(2, 1, 0));
        assertThatThrownBy(() -> x.permute(0, 0, 1)).hasMessage("permute: [0, 0, 1] repeats axis 0");
        assertThatThrownBy(() -> Tensor.vector(1, 2).transpose()).hasMessageContaining("fewer than 2");
    }

    @Test
    void sliceNarrowAndPad() {
        assertThat(m.sliceRows(1, 2)).isEqualTo(Tensor.of(new double[] {4, 5, 6}, 1, 3));
        assertThat(m.narrow(1, 1, 2)).isEqualTo(Tensor.of(new double[] {2, 3, 5, 6}, 2, 2));
        assertThat(m.pad(1, 1, 0)).isEqualTo(Tensor.of(new double[] {0, 1, 2, 3, 0, 4, 5, 6}, 2, 4));
        assertThat(m.pad(0, 0, 1).sliceRows(0, 2)).isEqualTo(m);
        assertThatThrownBy(() -> m.sliceRows(1, 3)).hasMessage("narrow: [1, 3) is out of range for axis 0 of shape [2, 3]");
    }

    @Test
    void gatherAndScatterAddRows() {
        Tensor table = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2);
        assertThat(table.indexSelect(2, 0, 2)).isEqualTo(Tensor.of(new double[] {5, 6, 1, 2, 5, 6}, 3, 2));
        Tensor acc = Tensor.zeros(3, 2);
        ShapeOps.indexAdd(acc, new int[] {2, 0, 2}, Tensor.of(new double[] {1, 1, 2, 2, 3, 3}, 3, 2));
        assertThat(acc).isEqualTo(Tensor.of(new double[] {2, 2, 0, 0, 4, 4}, 3, 2));
        assertThat(table.indexAdd(new int[] {1}, Tensor.of(new double[] {10, 10}, 1, 2)).get(1, 0)).isEqualTo(13.0);
        assertThat(table.get(1, 0)).isEqualTo(3.0);
        assertThatThrownBy(() -> table.indexSelect(3))
                .hasMessage("indexSelect: index 3 at position 0 is out of range for 3 rows");
        assertThatThrownBy(() -> ShapeOps.indexAdd(acc, new int[] {0}, Tensor.zeros(2, 2)))
                .hasMessage("indexAdd: source has shape [2, 2], expected [1, 2] for 1 indices into [3, 2]");
    }

    @Test
    void concatAndStack() {
        Tensor a = Tensor.of(new double[] {1, 2}, 1, 2), b = Tensor.of(new double[] {3, 4, 5, 6}, 2, 2);
        assertThat(Tensor.concat(List.of(a, b), 0)).isEqualTo(Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 3, 2));
        Tensor c = Tensor.of(new double[] {7, 8}, 2, 1);
        assertThat(Tensor.concat(List.of(b, c), 1)).isEqualTo(Tensor.of(new double[] {3, 4, 7, 5, 6, 8}, 2, 3));
        Tensor u = Tensor.vector(1, 2), v = Tensor.vector(3, 4);
        assertThat(Tensor.stack(List.of(u, v), 0)).isEqualTo(Tensor.of(new double[] {1, 2, 3, 4}, 2, 2));
        assertThat(Tensor.stack(List.of(u, v), 1)).isEqualTo(Tensor.of(new double[] {1, 3, 2, 4}, 2, 2));
        assertThatThrownBy(() -> Tensor.concat(List.of(a, c), 0))
                .hasMessage("concat: tensor 1 has shape [2, 1], which does not match [1, 2] outside axis 0");
        assertThatThrownBy(() -> Tensor.stack(List.of(u, a), 0)).hasMessage("stack: tensor 1 has shape [1, 2], expected [2] like tensor 0");
    }

    @Test
    void broadcastSqueezeUnsqueeze() {
        assertThat(Tensor.vector(1, 2).broadcastTo(2, 2)).isEqualTo(Tensor.of(new double[] {1, 2, 1, 2}, 2, 2));
        assertThat(Tensor.of(new double[] {1, 2}, 2, 1).expand(2, 3)).isEqualTo(Tensor.of(new double[] {1, 1, 1, 2, 2, 2}, 2, 3));
        assertThat(Tensor.scalar(3).broadcastTo(2)).isEqualTo(Tensor.vector(3, 3));
        assertThatThrownBy(() -> m.broadcastTo(3, 3)).hasMessage("broadcastTo: [2, 3] cannot broadcast to [3, 3]");
        assertThat(m.unsqueeze(1).shape()).isEqualTo(new int[] {2, 1, 3});
        assertThat(m.unsqueeze(-1).shape()).isEqualTo(new int[] {2, 3, 1});
        assertThat(m.unsqueeze(0).squeeze(0)).isEqualTo(m);
        assertThatThrownBy(() -> m.squeeze(0)).hasMessage("squeeze: axis 0 of shape [2, 3] has size 2, not 1");
    }
}
