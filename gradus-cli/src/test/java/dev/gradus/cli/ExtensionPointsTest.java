package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the core's extension points let a user do from the command line: compose SAM and L-BFGS with any
 * wrapper, and use what a module on the class path registers (here a test-only provider).
 */
class ExtensionPointsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "inject_hyperparams(sam(adam(lr=1e-2)))",
            "lookahead(sam(adam(lr=1e-2)))",
            "chain(clip_by_global_norm(max_norm=1.0), sam(adam(lr=1e-2)))",
            "apply_if_finite(lbfgs(max_iter=2))",
            "multi_steps(sam(adam(lr=1e-2)), every_k=2)",
            "masked(sam(adam(lr=1e-2)), mask=(\"*.weight\",))"})
    void trainTrainsWithEveryCompositionOfAnObjectiveOptimizer(String optimizer, @TempDir Path dir) {
        Object[] r = TrainCommandTest.gradus("train", "--data", "iris", "--model", "mlp(hidden=(8,))", "--optimizer",
                optimizer, "--epochs", "2", "--batch-size", "16", "--seed", "1", "--out", dir.resolve("run").toString());
        assertThat(r[0]).as("%s\n%s", r[1], r[2]).isEqualTo(0);
        assertThat((String) r[1]).contains("epoch 2/2").contains("test");
    }

    @Test
    void aModelRegisteredByAProviderIsListedAndTrains(@TempDir Path dir) {
        Object[] list = TrainCommandTest.gradus("optim", "list", "--family", "model");
        assertThat(list[0]).isEqualTo(0);
        assertThat((String) list[1]).contains("Components: model", "  mlp:", "  cnn:", "  logistic:",
                "  test_only_tanh_net: one tanh hidden layer");
        Object[] r = TrainCommandTest.gradus("train", "--data", "iris", "--model", "test_only_tanh_net(width=3)",
                "--optimizer", "adam(lr=1e-2)", "--epochs", "1", "--out", dir.resolve("run").toString());
        assertThat(r[0]).as("%s", r[2]).isEqualTo(0);
        Object[] bad = TrainCommandTest.gradus("train", "--data", "iris", "--model", "test_only_tanh_nett",
                "--epochs", "1", "--out", dir.resolve("bad").toString());
        assertThat(bad[0]).isEqualTo(2);
        assertThat((String) bad[2]).contains("unknown model 'test_only_tanh_nett' (did you mean test_only_tanh_net?)");
    }

    @Test
    void anOptimizerThatNeedsMoreThanAReplayGivesIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        Path rec = dir.resolve("rec.json");
        java.nio.file.Files.writeString(rec, """
                {"optimizer": "sgd(lr=0.1)", "reference": "by hand", "seed": 0,
                 "params": {"w": {"shape": [1], "data": [1.0]}},
                 "steps": [ {"grads": {"w": [1.0]}, "params": {"w": [0.9]}} ]}
                """);
        Object[] r = TrainCommandTest.gradus("optim", "replay", "--input", rec.toString(), "--spec", "sam(sgd(lr=0.1))");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("sam needs the loss and its gradient at any point (GRADIENT)")
                .contains("a gradient replay (it has only the recorded gradients) offers only the gradient");
    }
}
