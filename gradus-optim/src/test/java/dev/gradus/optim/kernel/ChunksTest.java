package dev.gradus.optim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.contract.Runs;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunksTest {

    @Test
    void everyElementIsVisitedOnceInBlocksThatDependOnlyOnTheLength() {
        int n = 3 * Chunks.PARALLEL_MIN + 17; // a partial last block
        int[] visits = new int[n];
        Set<Long> blocks = ConcurrentHashMap.newKeySet();
        Chunks.withThreads(3, () -> {
            Chunks.run(n, (from, to) -> {
                assertThat(from % Chunks.BLOCK).isZero();
                assertThat(to).isEqualTo(Math.min(n, from + Chunks.BLOCK));
                blocks.add((long) from);
                for (int i = from; i < to; i++) {
                    visits[i]++;
                }
            });
            return null;
        });
        assertThat(blocks).hasSize((n + Chunks.BLOCK - 1) / Chunks.BLOCK);
        for (int i = 0; i < n; i++) {
            assertThat(visits[i]).as("visits of element %d", i).isEqualTo(1);
        }
    }

    @Test
    void aLargeTensorRunsOnTwoThreadsAndASmallOneInTheCaller() throws Exception {
        CyclicBarrier both = new CyclicBarrier(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Chunks.withThreads(2, () -> {
            Chunks.run(Chunks.PARALLEL_MIN, (from, to) -> {
                threads.add(Thread.currentThread().getName());
                if (from < 2 * Chunks.BLOCK) { // the first two blocks wait for each other: two threads ran them
                    try {
                        both.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException("the second thread never took a block", e);
                    }
                }
            });
            return null;
        });
        assertThat(threads).hasSize(2).contains(Thread.currentThread().getName());

        Set<String> small = ConcurrentHashMap.newKeySet();
        Chunks.withThreads(2, () -> {
            Chunks.run(Chunks.PARALLEL_MIN - 1, (from, to) -> small.add(Thread.currentThread().getName()));
            return null;
        });
        assertThat(small).containsExactly(Thread.currentThread().getName());
    }

    @Test
    void aFailureInAnyBlockReachesTheCaller() {
        assertThatThrownBy(() -> Chunks.withThreads(2, () -> {
            Chunks.run(4 * Chunks.PARALLEL_MIN, (from, to) -> {
                if (from == 37 * Chunks.BLOCK) {
                    throw new IllegalArgumentException("block at " + from);
                }
            });
            return null;
        })).isInstanceOf(IllegalArgumentException.class).hasMessage("block at " + 37 * Chunks.BLOCK);
        assertThatThrownBy(() -> Chunks.withThreads(0, () -> null)).hasMessageContaining("at least 1, got 0");
    }

    @Test
    void fusedStepsHaveTheSameBitsOnOneTwoAndThreeThreads() {
        List<GradientTransformation> opts = List.of(Optimizers.adam().lr(1e-2).weightDecay(1e-3),
                Optimizers.adamw().lr(1e-2).amsgrad(true), Optimizers.adabelief().lr(1e-2).amsgrad(true),
                Optimizers.adabelief().lr(1e-2).weightDecouple(false).rectify(false),
                Optimizers.adamp().lr(1e-2).weightDecay(1e-2).nesterov(true), Optimizers.diffgrad().weightDecay(1e-3),
                Optimizers.sgd().lr(1e-2).momentum(0.9).nesterov(true).weightDecay(1e-3),
                Optimizers.rmsprop().lr(1e-3).centered(true).momentum(0.5), Optimizers.adagrad().lr(0.1),
                Optimizers.signSgd().lr(1e-3).momentum(0.9), Optimizers.sgdp(0.1).momentum(0.9).weightDecay(1e-2),
                Transforms.chain(Transforms.scaleByAdam(), Transforms.scaleByLearningRate(1e-2)),
                Transforms.chain(Transforms.scaleByBelief(), Transforms.scaleByLearningRate(1e-2)),
                Transforms.chain(Transforms.scaleByRms().with("centered", true), Transforms.scaleByLearningRate(1e-3)));
        for (GradientTransformation opt : opts) {
            TensorMap one = run(opt, 1);
            assertThat(one.get("w").data()).as("%s moved the parameters", opt).isNotEqualTo(start().get("w").data());
            Runs.assertSameBits(opt + " on 2 threads against 1", one, run(opt, 2));
            Runs.assertSameBits(opt + " on 3 threads against 1", one, run(opt, 3));
        }
    }

    /** Three steps over a large tensor (parallel) and a small one (in the caller), on {@code threads} threads. */
    private static TensorMap run(GradientTransformation opt, int threads) {
        TensorMap p = start();
        OptState s = opt.init(p);
        RandomStream rng = RandomStream.of(7);
        return Chunks.withThreads(threads, () -> {
            for (int k = 0; k < 3; k++) {
                TensorMap g = p.zerosLike();
                g.forEach((name, t) -> rng.fillNormal(t.data()));
                opt.step(p, g, s);
            }
            return p;
        });
    }

    private static TensorMap start() {
        RandomStream rng = RandomStream.of(3);
        Tensor w = Tensor.zeros(3 * Chunks.PARALLEL_MIN + 5);
        rng.fillNormal(w.data());
        Tensor b = Tensor.zeros(10);
        rng.fillNormal(b.data());
        return new TensorMap().put("w", w).put("b", b);
    }
}
