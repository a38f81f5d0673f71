package dev.gradus.rl.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

class TabularMdpTest {

    @Test
    void policyEvaluationSolvesTheBellmanEquation() {
        TabularMdp mdp = TabularMdp.random(20, 4, 5, 0.9, RandomStream.of(3));
        double[][] pi = mdp.uniformPolicy();
        double[] v = mdp.evaluate(pi);
        double[][] q = mdp.qValues(v);
        for (int s = 0; s < 20; s++) {
            double backup = 0;
            for (int a = 0; a < 4; a++) {
                backup += pi[s][a] * q[s][a];
            }
            assertThat(v[s]).isCloseTo(backup, within(1e-12));
        }
    }

    @Test
    void valueIterationFindsThePolicyWhoseValueIsOptimal() {
        TabularMdp mdp = TabularMdp.random(12, 3, 4, 0.95, RandomStream.of(8));
        TabularMdp.Solution opt = mdp.valueIteration(1e-12);
        double[] vStar = mdp.evaluate(opt.policy());
        for (int s = 0; s < 12; s++) {
            assertThat(vStar[s]).isCloseTo(opt.values()[s], within(1e-9));
        }
        // No deterministic policy that differs in one state does better anywhere.
        for (int s = 0; s < 12; s++) {
            for (int a = 0; a < 3; a++) {
                double[][] pi = new double[12][];
                for (int t = 0; t < 12; t++) {
                    pi[t] = opt.policy()[t].clone();
                }
                java.util.Arrays.fill(pi[s], 0);
                pi[s][a] = 1;
                double[] v = mdp.evaluate(pi);
                for (int t = 0; t < 12; t++) {
                    assertThat(v[t]).isLessThanOrEqualTo(vStar[t] + 1e-9);
                }
            }
        }
    }

    @Test
    void theChainsOptimalPolicyGoesForTheFarReward() {
        TabularMdp chain = TabularMdp.chain(6, 0.0, 0.1, 1.0, 0.95);
        double[][] pi = chain.valueIteration(1e-12).policy();
        for (int s = 0; s < 6; s++) {
            assertThat(pi[s][1]).as("state %d moves right", s).isEqualTo(1.0);
        }
        // Without slip the right-moving value at state 0 is 0.95^5 / (1 - 0.95) for the loop at the end.
        assertThat(chain.evaluate(pi)[0]).isCloseTo(Math.pow(0.95, 5) / 0.05, within(1e-9));
    }

    @Test
    void gridworldGoalAbsorbsAndVisitationIsADistribution() {
        TabularMdp g = TabularMdp.gridworld(3, 3, 0.0, 0.0, 0.9);
        double[] v = g.valueIteration(1e-12).values();
        assertThat(v[8]).isZero();
        assertThat(v[0]).isCloseTo(Math.pow(0.9, 3), within(1e-9)); // four moves; reward at the 4th
        double[] d = g.visitation(g.uniformPolicy());
        double sum = 0;
        for (double x : d) {
            assertThat(x).isGreaterThanOrEqualTo(-1e-15);
            sum += x;
        }
        assertThat(sum).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void theEnvironmentSamplesTheTables() {
        TabularEnv env = (TabularEnv) EnvFactory.parse("random_mdp(states=5, actions=2, branching=3, seed=4)").create();
        TabularMdp mdp = env.mdp();
        int[][] counts = new int[5][5];
        env.reset(0);
        for (int t = 0; t < 40_000; t++) {
            int s = env.stateIndex();
            Step st = env.step(0);
            assertThat(st.reward()).isEqualTo(mdp.reward(s, 0));
            counts[s][env.stateIndex()]++;
            if (st.done()) {
                env.reset();
            }
        }
        for (int s = 0; s < 5; s++) {
            int total = 0;
            for (int c : counts[s]) {
                total += c;
            }
            for (int t = 0; t < 5; t++) {
                assertThat((double) counts[s][t] / total).isCloseTo(mdp.transition(s, 0, t), within(0.03));
            }
        }
    }

    @Test
    void rewardNoiseHasTheRightSpread() {
        RandomStream r = RandomStream.of(2);
        int n = 200_000;
        double lap = 0;
        double gauss = 0;
        double t = 0;
        for (int i = 0; i < n; i++) {
            double x = RewardNoise.LAPLACE.sample(1.0, r);
            double y = RewardNoise.GAUSSIAN.sample(1.0, r);
            double z = RewardNoise.STUDENT_T.sample(1.0, r);
            lap += x * x;
            gauss += y * y;
            t += z * z;
        }
        assertThat(lap / n).isCloseTo(2.0, within(0.05)); // Laplace(0, 1): variance 2
        assertThat(gauss / n).isCloseTo(1.0, within(0.02));
        assertThat(t / n).isCloseTo(2.5 / 0.5, within(0.6)); // t_2.5: variance nu / (nu - 2) = 5, heavy-tailed
    }
}
