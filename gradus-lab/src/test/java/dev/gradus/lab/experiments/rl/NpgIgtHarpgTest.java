package dev.gradus.lab.experiments.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.lab.ClaimResult;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.LabRunner;
import dev.gradus.lab.Verdict;
import dev.gradus.rl.env.Lqr;
import dev.gradus.rl.estimator.Estimator;
import dev.gradus.rl.estimator.HessianEstimator;
import dev.gradus.rl.estimator.Trajectory;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The quick preset of npg-igt-harpg reproduces every claim, and every control fails; its hand-written score and HAPG
 * product (kept analytic for speed) equal gradus-rl's autodiff estimators on the same trajectories.
 */
class NpgIgtHarpgTest {

    @Test
    void theAnalyticGradientAndHvpEqualGradusRlsAutodiffEstimators() {
        double sigma = 0.5;
        double gamma = 0.99;
        Policy pi = PolicyFactory.parse("gaussian(hidden=(), bias=false, learn_sigma=false, sigma=0.5, zero_init=true)")
                .build(2, new Lqr().actionSpace(), RandomStream.of(0));
        double[][] gains = {{-1.0, -2.5}, {0.3, -0.8}, {-2.0, 0.1}};
        for (int c = 0; c < gains.length; c++) {
            Lqr lqr = new Lqr();
            lqr.reset(11 + c);
            double[] k = gains[c];
            TensorMap at = TensorMap.of("weight", Tensor.of(k.clone(), 1, 2));
            Trajectory tau = Trajectory.sample(lqr, pi, at, RandomStream.of(20 + c), lqr.maxEpisodeSteps());
            int h = tau.length();
            double[] states = new double[2 * h];
            double[] eps = new double[h];
            for (int t = 0; t < h; t++) {
                states[2 * t] = tau.observations().get(t, 0);
                states[2 * t + 1] = tau.observations().get(t, 1);
                eps[t] = (tau.actions().get(t, 0) - k[0] * states[2 * t] - k[1] * states[2 * t + 1]) / sigma;
            }
            NpgIgtHarpg.Sample sample = new NpgIgtHarpg.Sample(states, eps, tau.rewards());
            double[] v = {0.4 - c, 0.9 * c - 0.2};

            double[] g = new double[2];
            NpgIgtHarpg.gpomdp(sample, g);
            double[] hv = new double[2];
            NpgIgtHarpg.hessianTimes(sample, v, hv);
            double[] gRef = Estimator.GPOMDP.gradient(pi, at, tau, gamma).get("weight").data();
            double[] hvRef = HessianEstimator.apply(pi, at, tau, TensorMap.of("weight", Tensor.of(v, 1, 2)), gamma)
                    .get("weight").data();
            for (int i = 0; i < 2; i++) {
                assertThat(g[i]).as("gain %d, g[%d]", c, i).isCloseTo(gRef[i], within(1e-9 * Math.abs(gRef[i]) + 1e-12));
                assertThat(hv[i]).as("gain %d, Bv[%d]", c, i)
                        .isCloseTo(hvRef[i], within(1e-9 * Math.abs(hvRef[i]) + 1e-12));
            }
        }
    }

    @Test
    void quickPresetReproducesAndTheControlsFail(@TempDir Path dir) throws IOException {
        ExperimentRun run = LabRunner.to(dir).run(List.of(new NpgIgtHarpg())).experiments().get(0);
        assertThat(run.error()).isNull();
        for (ClaimResult c : run.claims()) {
            assertThat(c.verdict()).as(c.id() + ": " + c.why()).isEqualTo(Verdict.REPRODUCED);
            assertThat(c.control().held()).as(c.control().deciding()).isFalse();
        }
    }
}
