package dev.gradus.rl.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.rl.env.Lqr;
import dev.gradus.rl.estimator.Estimator;
import dev.gradus.rl.estimator.HessianEstimator;
import dev.gradus.rl.estimator.Trajectory;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

/** The estimators against the LQR's analytic score ∇_K log π = (a − Ks)sᵀ/σ² and log-π Hessian −(V s)sᵀ/σ² (06-rl.md §1). */
class EstimatorTest {
    private static final double SIGMA = 0.5;
    private static final double GAMMA = 0.99;

    private static Policy linearGaussian(Lqr lqr) {
        return PolicyFactory.parse("gaussian(hidden=(), bias=false, learn_sigma=false, sigma=0.5, zero_init=true)")
                .build(2, lqr.actionSpace(), RandomStream.of(0));
    }

    @Test
    void gpomdpAndReinforceEqualTheAnalyticScoreSums() {
        Lqr lqr = new Lqr();
        lqr.reset(3);
        Policy pi = linearGaussian(lqr);
        TensorMap at = TensorMap.of("weight", Tensor.of(new double[] {-2.0, -3.0}, 1, 2));
        Trajectory tau = Trajectory.sample(lqr, pi, at, RandomStream.of(4), 30);
        assertThat(tau.length()).isEqualTo(30);
        for (Estimator est : Estimator.values()) {
            double[] w = est.weights(tau.rewards(), GAMMA);
            double[] expect = new double[2];
            for (int t = 0; t < 30; t++) {
                double s0 = tau.observations().get(t, 0);
                double s1 = tau.observations().get(t, 1);
                double a = tau.actions().get(t, 0);
                double z = (a - (-2.0 * s0 - 3.0 * s1)) / (SIGMA * SIGMA);
                expect[0] += w[t] * z * s0;
                expect[1] += w[t] * z * s1;
            }
            double[] got = est.gradient(pi, at, tau, GAMMA).get("weight").data();
            assertThat(got[0]).as(est.name()).isCloseTo(expect[0], within(1e-9 * Math.abs(expect[0]) + 1e-12));
            assertThat(got[1]).as(est.name()).isCloseTo(expect[1], within(1e-9 * Math.abs(expect[1]) + 1e-12));
        }
    }

    @Test
    void hapgProductEqualsTheAnalyticForm() {
        Lqr lqr = new Lqr();
        lqr.reset(5);
        Policy pi = linearGaussian(lqr);
        TensorMap at = TensorMap.of("weight", Tensor.of(new double[] {-1.0, -2.5}, 1, 2));
        Trajectory tau = Trajectory.sample(lqr, pi, at, RandomStream.of(6), 30);
        double[] v = {0.3, -0.7};
        double[] w = Estimator.GPOMDP.weights(tau.rewards(), GAMMA);
        double[] g = new double[2];
        double[] score = new double[2];
        double[] hv = new double[2];
        for (int t = 0; t < 30; t++) {
            double s0 = tau.observations().get(t, 0);
            double s1 = tau.observations().get(t, 1);
            double z = (tau.actions().get(t, 0) - (-1.0 * s0 - 2.5 * s1)) / (SIGMA * SIGMA);
            g[0] += w[t] * z * s0;
            g[1] += w[t] * z * s1;
            score[0] += z * s0;
            score[1] += z * s1;
            double vs = v[0] * s0 + v[1] * s1;
            hv[0] += -w[t] * vs * s0 / (SIGMA * SIGMA);
            hv[1] += -w[t] * vs * s1 / (SIGMA * SIGMA);
        }
        double sv = score[0] * v[0] + score[1] * v[1];
        double[] got = HessianEstimator.apply(pi, at, tau, TensorMap.of("weight", Tensor.of(v, 1, 2)), GAMMA)
                .get("weight").data();
        for (int i = 0; i < 2; i++) {
            double expect = g[i] * sv + hv[i];
            assertThat(got[i]).isCloseTo(expect, within(1e-9 * Math.abs(expect) + 1e-12));
        }
    }
}
