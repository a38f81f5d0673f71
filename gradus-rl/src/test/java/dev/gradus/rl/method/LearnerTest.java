package dev.gradus.rl.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.MissingCapabilityException;
import dev.gradus.optim.state.StateTree;
import dev.gradus.rl.Learner;
import dev.gradus.rl.RlAlgorithm;
import dev.gradus.rl.env.EnvFactory;
import dev.gradus.rl.env.Lqr;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.StateLeaf;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearnerTest {
    private static final PolicyFactory LINEAR_GAUSSIAN = PolicyFactory.parse(
            "gaussian(hidden=(), bias=false, learn_sigma=false, sigma=0.5, zero_init=true)");

    private static double lqrReturn(Learner l) {
        return new Lqr().expectedReturn(l.policy().parameters().get("weight").data(), 0.5, 0.99);
    }

    @Test
    void nPgIgtAndNHarpgImproveTheLqrFromOneTrajectoryPerSample() {
        for (String algo : new String[] {"pg(n_pg_igt(lr=0.3), incoming_gradient=false)", "pg(n_harpg(lr=0.2))"}) {
            Learner l = RlAlgorithm.parse(algo).learner(EnvFactory.parse("lqr"), LINEAR_GAUSSIAN, 0, 0);
            double start = lqrReturn(l);
            for (int i = 0; i < 150; i++) {
                l.iterate();
            }
            assertThat(start).isCloseTo(-123.5, org.assertj.core.api.Assertions.within(0.05));
            assertThat(lqrReturn(l)).as(algo).isGreaterThan(-60.0);
        }
        PolicyGradient.Run igt = PolicyGradient.of(dev.gradus.optim.optimizer.NPgIgt.create())
                .with("incoming_gradient", false).learner(EnvFactory.parse("lqr"), LINEAR_GAUSSIAN, 0, 0);
        igt.iterate();
        igt.iterate();
        assertThat(igt.trajectoriesSampled()).as("N-PG-IGT samples one trajectory per iteration").isEqualTo(2);
    }

    @Test
    void optimizersThatNeedMoreThanTheContextOffersAreRefusedAtSetUp() {
        // SAM asks for the gradient at a perturbed point, which the context offers; a transformation needing per-example
        // gradients is refused before the first step.
        assertThat(RlAlgorithm.parse("pg(sam(sgd(lr=0.1)))").learner(EnvFactory.parse("lqr"), LINEAR_GAUSSIAN, 0, 0))
                .isNotNull();
        dev.gradus.optim.GradientTransformation perExample = new dev.gradus.optim.GradientTransformation() {
            @Override
            public dev.gradus.optim.OptState init(dev.gradus.tensor.TensorMap params) {
                return null;
            }

            @Override
            public void update(dev.gradus.tensor.TensorMap u, dev.gradus.optim.OptState s,
                    dev.gradus.tensor.TensorMap p, dev.gradus.optim.StepContext ctx) {}

            @Override
            public java.util.List<dev.gradus.optim.Requirement> requirements() {
                return java.util.List.of(new dev.gradus.optim.Requirement(dev.gradus.optim.Capability.PER_SAMPLE,
                        "dp", "clipping per example"));
            }
        };
        assertThatThrownBy(() -> dev.gradus.optim.Requirement.check(perExample, PolicyGradient.OFFERS, "pg"))
                .isInstanceOf(MissingCapabilityException.class).hasMessageContaining("per-example gradients");
    }

    @Test
    void ppoAndMdpoImproveCartPoleQuickly() {
        for (String algo : new String[] {"ppo(n_envs=4, n_steps=64, batch_size=64, n_epochs=4, lr=1e-3)",
            "mdpo(n_envs=4, n_steps=64, sgd_steps=10, lr=3e-3, tk=0.5)"}) {
            Learner l = RlAlgorithm.parse(algo).learner(EnvFactory.parse("cartpole"), null, 1, 10_000);
            double first = Double.NaN;
            double last = Double.NaN;
            while (l.envSteps() < 10_000) {
                l.iterate();
                double mean = l.drainEpisodes().stream().mapToDouble(e -> e.ret()).average().orElse(Double.NaN);
                if (Double.isNaN(first)) {
                    first = mean;
                }
                if (!Double.isNaN(mean)) {
                    last = mean;
                }
            }
            assertThat(last).as("%s: mean return of the last iteration (first %s)", algo, first)
                    .isGreaterThan(2 * first).isGreaterThan(60);
        }
    }

    @Test
    void savedStateContinuesBitForBit() {
        for (String algo : new String[] {"ppo(n_steps=64, batch_size=32, n_epochs=2)", "mdpo(n_steps=64, sgd_steps=3)",
            "pg(n_harpg(lr=0.1), trajectories=2)", "pg(adam(lr=0.01), estimator=reinforce)"}) {
            String env = algo.startsWith("pg") ? "pendulum(max_steps=40)" : "acrobot(max_steps=50)";
            Learner a = RlAlgorithm.parse(algo).learner(EnvFactory.parse(env), null, 7, 640);
            for (int i = 0; i < 3; i++) {
                a.iterate();
            }
            var saved = a.state();
            Learner b = RlAlgorithm.parse(algo).learner(EnvFactory.parse(env), null, 7, 640);
            b.restore(saved);
            for (int i = 0; i < 3; i++) {
                a.iterate();
                b.iterate();
            }
            Map<String, StateLeaf> la = StateTree.leaves(a.state());
            Map<String, StateLeaf> lb = StateTree.leaves(b.state());
            assertThat(lb.keySet()).isEqualTo(la.keySet());
            la.forEach((path, leaf) -> assertThat(bytes(lb.get(path))).as("%s: %s", algo, path).isEqualTo(bytes(leaf)));
        }
    }

    private static byte[] bytes(StateLeaf leaf) {
        java.nio.ByteBuffer b = leaf.encode("x").data();
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
