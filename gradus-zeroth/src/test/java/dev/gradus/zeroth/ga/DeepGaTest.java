package dev.gradus.zeroth.ga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.io.Safetensors;
import dev.gradus.zeroth.Evaluator;
import dev.gradus.zeroth.Methods;
import dev.gradus.zeroth.Search;
import dev.gradus.zeroth.problem.Problems;
import org.junit.jupiter.api.Test;

/** Genomes decode to the evaluated bits, grow one seed per generation, and the GA descends. */
class DeepGaTest {

    @Test
    void everyGenomeDecodesToTheExactPointThatWasEvaluated() {
        DeepGa ga = (DeepGa) (Object) Methods.parse("deep_ga(population=30, truncation=5, sigma=0.2)");
        Search<DeepGa.State> search = new Search<>(ga, Problems.parse("sphere(d=50)"), Evaluator.sequential());
        DeepGa.State s = search.run(search.start(4), 30L * 40, null);
        assertThat(s.progress().generations().get()).isEqualTo(40);
        double[] x = s.candidates().data();
        for (int i = 0; i < 30; i++) {
            double[] decoded = ga.decode(s, s.genomes().get(i));
            for (int j = 0; j < 50; j++) {
                assertThat(Double.doubleToRawLongBits(decoded[j])).as("individual %d coordinate %d", i, j)
                        .isEqualTo(Double.doubleToRawLongBits(x[i * 50 + j]));
            }
        }
        assertThat(DeepGa.genomeBytes(s)).isLessThanOrEqualTo(8L * 41);
        assertThat(s.genomes().length(1)).isGreaterThan(1);
    }

    @Test
    void theGaDescendsAndKeepsItsElite() {
        DeepGa ga = (DeepGa) (Object) Methods.parse("deep_ga(population=50, truncation=10, sigma=0.1)");
        Search<DeepGa.State> search = new Search<>(ga, Problems.parse("sphere(d=5)"), Evaluator.sequential());
        DeepGa.State s = search.start(1);
        search.step(s, Long.MAX_VALUE);
        double first = s.progress().bestValue().get();
        search.run(s, 50L * 100, null);
        assertThat(s.progress().bestValue().get()).isLessThan(0.05 * first);
    }

    @Test
    void seedChainsRefuseAnotherPopulationSize() {
        SeedChains a = new SeedChains(3);
        a.set(0, new long[] {1, 2});
        a.set(2, new long[] {7});
        Safetensors.Entry e = a.encode("genomes");
        SeedChains back = new SeedChains(3).decode(e);
        assertThat(back.get(0)).containsExactly(1, 2);
        assertThat(back.get(1)).isEmpty();
        assertThat(back.get(2)).containsExactly(7);
        assertThatThrownBy(() -> new SeedChains(4).decode(e)).hasMessageContaining("for 4 individuals, got 3");
    }
}
