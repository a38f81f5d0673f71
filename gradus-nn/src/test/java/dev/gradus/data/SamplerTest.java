package dev.gradus.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SamplerTest {

    @Test
    void samplersParseAsSpecsAndPrintBack() {
        assertThat(Specs.print(SamplerSpec.SAMPLERS.parse("poisson(rate=0.01)")))
                .isEqualTo("poisson(rate=0.01, batches=0)");
        assertThat(Specs.print(SamplerSpec.SAMPLERS.parse("shard(index=1, count=4)")))
                .isEqualTo("shard(index=1, count=4, of=shuffle(batch_size=32, drop_last=false))");
        assertThatThrownBy(() -> SamplerSpec.SAMPLERS.parse("poisson(rate=0)")).hasMessageContaining("rate=0.0 is out of range");
        assertThatThrownBy(() -> SamplerSpec.SAMPLERS.parse("poisson()")).hasMessageContaining("missing required keyword 'rate'");
        assertThatThrownBy(() -> SamplerSpec.SAMPLERS.parse("shard(index=4, count=4)"))
                .hasMessageContaining("index=4 must be below count=4");
        assertThatThrownBy(() -> SamplerSpec.SAMPLERS.parse("poison(rate=0.1)"))
                .hasMessageContaining("unknown sampler 'poison' (did you mean poisson?)");
    }

    @Test
    void shuffleGivesTheLoadersPermutationBitForBit() {
        Dataset d = DataLoaderTest.indexed(37);
        RandomStream s = RandomStream.of(3).fork("data");
        DataLoader old = DataLoader.of(d, 5).shuffle(s);
        Sampler spec = ShuffleSampler.of(5, false).bind(37, s);
        for (int e = 0; e < 3; e++) {
            int[] order = old.order(e);
            for (int b = 0; b < spec.batchesPerEpoch(); b++) {
                assertThat(spec.batch(e, b)).containsExactly(Arrays.copyOfRange(order, 5 * b, Math.min(37, 5 * b + 5)));
            }
        }
    }

    @Test
    void poissonMembershipIsIndependentWithTheRate() {
        int n = 2000;
        double q = 0.05;
        Sampler p = PoissonSampler.of(q).bind(n, RandomStream.of(7));
        assertThat(p.batchesPerEpoch()).isEqualTo(20);
        int[] hits = new int[n];
        long total = 0;
        int batches = 0;
        for (int e = 0; e < 10; e++) {
            for (int b = 0; b < p.batchesPerEpoch(); b++) {
                int[] members = p.batch(e, b);
                for (int k = 1; k < members.length; k++) {
                    assertThat(members[k]).isGreaterThan(members[k - 1]);
                }
                for (int m : members) {
                    hits[m]++;
                }
                total += members.length;
                batches++;
            }
        }
        double mean = (double) total / batches;
        // 200 batches of Binomial(2000, 0.05): mean 100, standard error of the mean about 0.69
        assertThat(mean).isBetween(100 - 4 * 0.69, 100 + 4 * 0.69);
        // each example's count over 200 batches is Binomial(200, 0.05): mean 10; the average over examples is ~10
        double avg = Arrays.stream(hits).average().orElseThrow();
        assertThat(avg).isCloseTo(10, org.assertj.core.data.Offset.offset(0.3));
        assertThat(p.batch(3, 4)).as("a pure function of epoch and batch").containsExactly(p.batch(3, 4));
        assertThat(PoissonSampler.of(q).bind(n, RandomStream.of(7)).batch(3, 4)).containsExactly(p.batch(3, 4));
    }

    @Test
    void poissonBatchesMayBeEmpty() {
        Sampler p = SamplerSpec.SAMPLERS.parse("poisson(rate=0.001, batches=50)").bind(100, RandomStream.of(1));
        int empty = 0;
        for (int b = 0; b < 50; b++) {
            if (p.batch(0, b).length == 0) {
                empty++;
            }
        }
        // P(empty) = 0.999^100 ≈ 0.905
        assertThat(empty).isGreaterThan(35);
        Dataset d = DataLoaderTest.indexed(100);
        int k = 0;
        for (Batch b : DataLoader.of(d, p).epoch(0)) {
            assertThat(b.indices()).containsExactly(p.batch(0, k++));
            assertThat(b.x().shape()).containsExactly(b.size(), d.numFeatures());
        }
        assertThat(k).isEqualTo(50);
    }

    @Test
    void shardsCoverTheDataExactlyOncePerEpoch() {
        int n = 103;
        List<Integer> seen = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            Sampler s = ShardSampler.of(w, 4, ShuffleSampler.of(8, false)).bind(n, RandomStream.of(5));
            for (int b = 0; b < s.batchesPerEpoch(); b++) {
                for (int i : s.batch(2, b)) {
                    assertThat(i % 4).isEqualTo(w);
                    seen.add(i);
                }
            }
        }
        assertThat(seen).hasSize(n).doesNotHaveDuplicates();
        Sampler w0 = ShardSampler.of(0, 4, ShuffleSampler.of(8, false)).bind(n, RandomStream.of(5));
        Sampler w1 = ShardSampler.of(1, 4, ShuffleSampler.of(8, false)).bind(n, RandomStream.of(5));
        int[] a = w0.batch(0, 0);
        int[] b = w1.batch(0, 0);
        for (int i = 0; i < a.length; i++) {
            a[i] /= 4;
            b[i] = (b[i] - 1) / 4;
        }
        assertThat(a).as("each shard is shuffled by its own stream").isNotEqualTo(b);
    }
}
