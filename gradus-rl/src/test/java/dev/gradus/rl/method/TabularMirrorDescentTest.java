package dev.gradus.rl.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.rl.env.TabularMdp;
import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

class TabularMirrorDescentTest {
    private static final TabularMdp MDP = TabularMdp.random(20, 4, 5, 0.9, RandomStream.of(1));

    @Test
    void exactMirrorDescentIsTheProximalArgmaxAndConverges() {
        double[] gaps = TabularMirrorDescent.gaps(MDP, TabularMirrorDescent.Method.EXACT, 30, 20.0, 0, 0);
        assertThat(gaps[30]).isLessThan(1e-6 * gaps[0]);
        for (int k = 1; k <= 30; k++) {
            assertThat(gaps[k]).isLessThanOrEqualTo(gaps[k - 1] + 1e-12); // policy improvement
        }
    }

    @Test
    void oneMdpoStepIsSoftmaxPolicyGradient() {
        double[][] theta = TabularMirrorDescent.logits(MDP.uniformPolicy());
        double[][] pg = TabularMirrorDescent.softmaxPgStep(MDP, theta, 0.5);
        double[][] m1 = TabularMirrorDescent.mdpoStep(MDP, theta, 0.01, 1, 0.5); // any t: the KL gradient is 0 at θ_k
        for (int s = 0; s < 20; s++) {
            assertThat(m1[s]).containsExactly(pg[s]);
        }
    }

    @Test
    void mdpoApproachesExactMirrorDescentAsTheInnerStepsGrow() {
        double[][] pi = MDP.uniformPolicy();
        double[][] exact = TabularMirrorDescent.exactStep(MDP, pi, 1.0);
        double previous = Double.POSITIVE_INFINITY;
        for (int m : new int[] {1, 5, 20, 200}) {
            double[][] th = TabularMirrorDescent.mdpoStep(MDP, TabularMirrorDescent.logits(pi), 1.0, m, 50.0);
            double[][] got = TabularMirrorDescent.softmax(th);
            double dist = 0;
            for (int s = 0; s < 20; s++) {
                for (int a = 0; a < 4; a++) {
                    dist = Math.max(dist, Math.abs(got[s][a] - exact[s][a]));
                }
            }
            assertThat(dist).as("m = %d", m).isLessThan(previous);
            previous = dist;
        }
        assertThat(previous).isLessThan(1e-3);
    }

    @Test
    void theSoftmaxGradientIsTheExactPolicyGradient() {
        // Finite differences of J(softmax(θ)) along each logit, scaled by 1/(1 − γ) (the policy-gradient theorem).
        double[][] theta = TabularMirrorDescent.logits(MDP.uniformPolicy());
        theta[3][1] = 0.7;
        double lr = 1e-3;
        double[][] step = TabularMirrorDescent.softmaxPgStep(MDP, theta, lr);
        double h = 1e-6;
        for (int s = 0; s < 5; s++) {
            for (int a = 0; a < 4; a++) {
                double[][] plus = copy(theta);
                double[][] minus = copy(theta);
                plus[s][a] += h;
                minus[s][a] -= h;
                double fd = (MDP.expectedReturn(TabularMirrorDescent.softmax(plus))
                        - MDP.expectedReturn(TabularMirrorDescent.softmax(minus))) / (2 * h);
                assertThat((step[s][a] - theta[s][a]) / lr / (1 - MDP.gamma()))
                        .isCloseTo(fd, within(1e-6));
            }
        }
    }

    private static double[][] copy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
        }
        return c;
    }
}
