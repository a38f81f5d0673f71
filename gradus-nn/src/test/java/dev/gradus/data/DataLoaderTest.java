package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataLoaderTest {
    /** n samples whose single feature is the row index and whose class is index mod 3. */
    static Dataset indexed(int n) {
        double[] x = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            labels[i] = i % 3;
        }
        return Dataset.classification("idx", Tensor.of(x, n, 1), labels, List.of("a", "b", "c"));
    }

    static List<Integer> seen(Iterable<Batch> batches) {
        List<Integer> out = new ArrayList<>();
        for (Batch b : batches) {
            for (double v : b.x().data()) {
                out.add((int) v);
            }
        }
        return out;
    }

    @Test
    void inOrderKeepsTheLastPartialBatch() {
        DataLoader loader = DataLoader.of(indexed(10), 4);
        assertThat(loader.batchesPerEpoch()).isEqualTo(3);
        List<Batch> batches = new ArrayList<>();
        loader.epoch(0).forEach(batches::add);
        assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
        assertThat(seen(loader.epoch(0))).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Batch last = batches.get(2);
        assertThat(last.index()).isEqualTo(2);
        assertThat(last.indices()).containsExactly(8, 9);
        assertThat(last.y().data()).containsExactly(2, 0);
        assertThat(last.labels()).containsExactly(2, 0);
        assertThat(last.oneHot().data()).containsExactly(0, 0, 1, 1, 0, 0);
    }

    @Test
    void dropLastDropsThePartialBatch() {
        DataLoader loader = DataLoader.of(indexed(10), 4).shuffle(1).dropLast(true);
        assertThat(loader.batchesPerEpoch()).isEqualTo(2);
        List<Integer> s = seen(loader.epoch(3));
        assertThat(s).hasSize(8).doesNotHaveDuplicates();
    }

    @Test
    void eachShuffledEpochCoversEverySampleOnceInANewOrder() {
        DataLoader loader = DataLoader.of(indexed(100), 7).shuffle(42);
        List<Integer> e0 = seen(loader.epoch(0));
        List<Integer> e1 = seen(loader.epoch(1));
        assertThat(e0).hasSize(100).containsExactlyInAnyOrderElementsOf(seen(DataLoader.of(indexed(100), 7).epoch(0)));
        assertThat(e1).hasSize(100).doesNotHaveDuplicates();
        assertThat(e0).isNotEqualTo(e1);
    }

    @Test
    void sameSeedSameBatchesAndOrderIsTheEpochPermutation() {
        DataLoader a = DataLoader.of(indexed(50), 8).shuffle(9);
        DataLoader b = DataLoader.of(indexed(50), 8).shuffle(9);
        assertThat(seen(a.epoch(4))).isEqualTo(seen(b.epoch(4)));
        List<Integer> order = new ArrayList<>();
        for (int i : a.order(4)) {
            order.add(i);
        }
        assertThat(seen(a.epoch(4))).isEqualTo(order);
        assertThat(seen(DataLoader.of(indexed(50), 8).shuffle(10).epoch(4))).isNotEqualTo(order);
    }

    @Test
    void resumingMidEpochGivesTheBatchesAnUninterruptedRunSees() {
        DataLoader loader = DataLoader.of(indexed(37), 5).shuffle(RandomStream.of(3).fork("data"));
        List<Batch> full = new ArrayList<>();
        loader.epoch(2).forEach(full::add);
        List<Batch> resumed = new ArrayList<>();
        // a new loader rebuilt from the saved shuffle state, as a trainer would after reading a checkpoint
        DataLoader restored = DataLoader.of(indexed(37), 5).shuffle(RandomStream.fromState(loader.shuffleState().orElseThrow()));
        restored.epoch(2, 3).forEach(resumed::add);
        assertThat(resumed).hasSize(full.size() - 3);
        for (int k = 0; k < resumed.size(); k++) {
            assertThat(resumed.get(k).index()).isEqualTo(full.get(k + 3).index());
            assertThat(resumed.get(k).x().data()).isEqualTo(full.get(k + 3).x().data());
            assertThat(resumed.get(k).indices()).containsExactly(full.get(k + 3).indices());
        }
        assertThat(restored.batch(2, 4).indices()).containsExactly(full.get(4).indices());
    }

    @Test
    void shufflingFromAStreamDoesNotAdvanceIt() {
        RandomStream s = RandomStream.of(5);
        long[] before = s.state();
        DataLoader.of(indexed(10), 3).shuffle(s).epoch(0).forEach(b -> { });
        assertThat(s.state()).containsExactly(before);
    }

    @Test
    void batchesCarryImageShapes() {
        Dataset images = Dataset.classification("img", Tensor.zeros(6, 1, 2, 2), new int[6], List.of("x"));
        Batch b = DataLoader.of(images, 4).epoch(0).iterator().next();
        assertThat(b.x().shape()).containsExactly(4, 4);
        assertThat(b.samples().shape()).containsExactly(4, 1, 2, 2);
    }

    @Test
    void errors() {
        assertThatThrownBy(() -> DataLoader.of(indexed(3), 0)).isInstanceOf(DataException.class)
                .hasMessage("DataLoader: the batch size must be positive, got 0");
        assertThatThrownBy(() -> DataLoader.of(indexed(10), 4).epoch(0, 4)).isInstanceOf(DataException.class)
                .hasMessage("DataLoader: batch 4 is out of range; an epoch has 3 batches");
        assertThat(DataLoader.of(indexed(10), 4).epoch(0, 3)).isEmpty();
        assertThat(Arrays.stream(DataLoader.of(indexed(10), 4).order(0)).boxed().toList())
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }
}
