package dev.gradus.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.rl.env.EnvFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RlTrainingTest {
    @TempDir
    Path tmp;

    /** Stops a run after {@code n} iterations, as a crash would (the checkpoint of iteration n is written). */
    private static RlTraining.Listener crashAfter(int n) {
        return (row, total) -> {
            if (row.iteration() == n) {
                throw new IllegalStateException("simulated crash");
            }
        };
    }

    @Test
    void interruptedAndResumedEqualsUninterruptedByteForByte() throws Exception {
        for (String algo : List.of("mdpo(n_steps=100, sgd_steps=3)", "pg(n_harpg(lr=0.1))")) {
            String env = algo.startsWith("pg") ? "lqr" : "pendulum(max_steps=60)";
            RlTraining.Spec spec = new RlTraining.Spec(env, algo, null, 600, 5, 1);
            Path whole = tmp.resolve("whole" + algo.hashCode());
            Path broken = tmp.resolve("broken" + algo.hashCode());
            RlTraining.run(spec, whole, false, null);
            assertThatThrownBy(() -> RlTraining.run(spec, broken, false, crashAfter(3))).hasMessage("simulated crash");
            assertThat(broken.resolve("history.csv")).doesNotExist();
            RlTraining.run(spec, broken, true, null);
            for (String f : List.of("history.csv", "returns.png", "policy.safetensors", "checkpoint.safetensors")) {
                assertThat(Files.readAllBytes(broken.resolve(f))).as(algo + ": " + f)
                        .isEqualTo(Files.readAllBytes(whole.resolve(f)));
            }
        }
    }

    @Test
    void aSavedPolicyRunsAgainAndBadInputIsOneClearLine() throws Exception {
        Path out = tmp.resolve("run");
        RlTraining.Outcome o = RlTraining.run(new RlTraining.Spec("chain(n=4, max_steps=20)",
                "ppo(n_steps=64, batch_size=32, n_epochs=2)", "softmax(hidden=())", 256, 0, 2), out, false, null);
        assertThat(o.history()).hasSize(4);
        assertThat(Files.readString(out.resolve("history.csv"))).startsWith(
                "iteration,env_steps,episodes,episode_return_mean,episode_return_rolling100,policy_loss");
        RlTraining.Saved saved = RlTraining.loadPolicy(out.resolve(RlTraining.POLICY));
        double[] a = RlTraining.evaluate(saved.policy(), EnvFactory.parse(saved.env()), 3, 9, false);
        double[] b = RlTraining.evaluate(saved.policy(), EnvFactory.parse(saved.env()), 3, 9, false);
        assertThat(a).containsExactly(b);
        assertThatThrownBy(() -> RlTraining.evaluate(saved.policy(), EnvFactory.parse("mountain_car"), 1, 0, true))
                .hasMessageContaining("the policy takes observations of 4");
        assertThatThrownBy(() -> RlTraining.run(new RlTraining.Spec("chain(n=4)", "ppo()", null, 10, 0, 1), out, false,
                null)).hasMessageContaining("already holds a checkpoint");
        assertThatThrownBy(() -> RlTraining.run(new RlTraining.Spec("chain(n=4, max_steps=20)",
                "ppo(n_steps=64, batch_size=32, n_epochs=2)", "softmax(hidden=())", 512, 1, 2), out, true, null))
                .hasMessageContaining("the checkpoint is of another run: seed is 0 there, 1 here");
        assertThatThrownBy(() -> RlTraining.run(new RlTraining.Spec("cartpole", "ppo()", "gaussian()", 10, 0, 1),
                tmp.resolve("x"), false, null)).hasMessageContaining("gaussian policy: needs a box of actions");
    }
}
