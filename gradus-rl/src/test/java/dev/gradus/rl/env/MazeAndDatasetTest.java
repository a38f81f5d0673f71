package dev.gradus.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MazeAndDatasetTest {
    @TempDir
    Path tmp;

    @Test
    void generatedLevelsAreSolvableAndReproducible() {
        LevelGenerator gen = new LevelGenerator(7, 7, 0.3);
        MazeLevel[] a = gen.sample(30, RandomStream.of(1));
        MazeLevel[] b = gen.sample(30, RandomStream.of(1));
        assertThat(a).containsExactly(b);
        for (MazeLevel l : a) {
            assertThat(l.solvable()).isTrue();
        }
    }

    @Test
    void walkingTheShortestPathReachesTheGoal() {
        MazeLevel l = new MazeLevel(3, 3, new boolean[] {false, true, false, false, true, false, false, false, false}, 0, 2);
        assertThat(l.shortestPath()).isEqualTo(6);
        MazeEnv env = new MazeEnv(new LevelGenerator(3, 3, 0.0), 10);
        env.setLevel(l);
        env.reset(0);
        int[] path = {2, 2, 1, 1, 0, 0};
        Step s = null;
        for (int a : path) {
            s = env.step(a);
        }
        assertThat(s.terminated()).isTrue();
        assertThat(s.reward()).isCloseTo(1 - 0.9 * 6 / 10.0, org.assertj.core.api.Assertions.within(1e-15));
        assertThatThrownBy(() -> env.step(0)).hasMessageContaining("call reset");
    }

    @Test
    void offlineDataRoundTripsAndBadFilesAreRefused() throws Exception {
        OfflineDataset d = new OfflineDataset("chain", Tensor.of(new double[] {1, 0, 0, 1}, 2, 2),
                Tensor.of(new double[] {1, 0}, 2, 1), Tensor.vector(0.5, -1), Tensor.of(new double[] {0, 1, 1, 0}, 2, 2),
                Tensor.vector(0, 1), Tensor.vector(0, 0), Tensor.vector(1, 0));
        Path f = tmp.resolve("data.safetensors");
        d.save(f);
        OfflineDataset back = OfflineDataset.load(f);
        assertThat(back.env()).isEqualTo("chain");
        assertThat(back.rewards().data()).containsExactly(0.5, -1);
        assertThat(back.nextObservations().data()).containsExactly(0, 1, 1, 0);
        Files.write(f, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> OfflineDataset.load(f)).hasMessageContaining(f.toString());
        assertThatThrownBy(() -> new OfflineDataset("x", Tensor.zeros(2, 2), Tensor.zeros(3, 1), Tensor.zeros(2),
                Tensor.zeros(2, 2), Tensor.zeros(2), Tensor.zeros(2), Tensor.zeros(2)))
                .hasMessageContaining("must agree");
    }
}
