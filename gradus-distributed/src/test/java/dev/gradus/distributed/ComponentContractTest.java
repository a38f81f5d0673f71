package dev.gradus.distributed;

import dev.gradus.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract every registered component passes inside data-parallel training on 5 workers: the run is finite,
 * 1 thread and 3 threads give the same bits, and a run stopped after 1 epoch and resumed (on another thread
 * count) equals the uninterrupted one, with every worker's state restored from the checkpoint.
 */
class ComponentContractTest {

    static Stream<Arguments> components() {
        return Stream.of(
                Arguments.of("none", "mean", ""),
                Arguments.of("topk(density=0.05)", "mean", ""),
                Arguments.of("randomk(density=0.1, rescale=true)", "mean", ""),
                Arguments.of("qsgd(levels=4)", "mean", ""),
                Arguments.of("sign", "majority_vote", ""),
                Arguments.of("sign(error_feedback=true)", "mean", ""),
                Arguments.of("dgc(density=0.01, warmup_steps=4, clip_norm=5)", "mean", ""),
                Arguments.of("dgc(density=0.01, nesterov=true, sampled=false)", "mean", ""),
                Arguments.of("powersgd(rank=2)", "mean", ""),
                Arguments.of("powersgd(rank=1, warm_start=false)", "krum(f=1)", "alie(f=1)"),
                Arguments.of("none", "median", "sign_flip(f=1)"),
                Arguments.of("none", "trimmed_mean(f=1)", "alie(f=1)"),
                Arguments.of("none", "krum(f=1, m=2)", "ipm(f=1)"),
                Arguments.of("none", "geometric_median", "gaussian(f=1, std=10)"),
                Arguments.of("none", "centered_clipping(tau=1)", "mimic(f=1)"),
                Arguments.of("topk(density=0.1)", "nnm(f=1, of=trimmed_mean(f=1))", "label_flip(f=1)"));
    }

    private static Trainer.Builder trainer(int epochs, Path dir, String c, String a, String attack, int threads) {
        DataParallelStep step = DataParallelStep.builder().workers(5).compressor(c).aggregator(a).attack(attack)
                .threads(threads).replicas(() -> Fixtures.model(Fixtures.MODEL)).computeTime(1, 0.3).build();
        return Fixtures.trainer(epochs, dir, step, "sgd(lr=0.05)");
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("components")
    void deterministicAcrossThreadsAndResumable(String c, String a, String attack) throws Exception {
        Path straight = Files.createTempDirectory("dp-straight");
        Path pieces = Files.createTempDirectory("dp-pieces");
        Trainer one = trainer(2, straight, c, a, attack, 1).build();
        one.fit();
        assertThat(one.history().last().trainLoss()).isFinite();
        Trainer three = trainer(2, null, c, a, attack, 3).build();
        three.fit();
        Fixtures.assertSameBits(one, three);

        trainer(1, pieces, c, a, attack, 3).build().fit();
        Trainer resumed = trainer(2, pieces, c, a, attack, 1).build();
        resumed.resume();
        Fixtures.assertSameBits(one, resumed);
        assertThat(resumed.history().last().extras()).isEqualTo(one.history().last().extras());
    }
}
