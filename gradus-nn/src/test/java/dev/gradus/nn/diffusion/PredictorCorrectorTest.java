package dev.gradus.nn.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sampling Gaussian targets whose perturbed scores are known in closed form. */
class PredictorCorrectorTest {
    private static final double MU = 1.5;
    private static final double S0 = 0.5;

    /** The score of {@code N(m μ, m² s0² + s²)} at each masked entry. */
    private static Tensor gaussianScore(Tensor x, Tensor mask, Sde sde, double t) {
        double m = sde.meanCoefficient(t);
        double s = sde.std(t);
        double var = m * m * S0 * S0 + s * s;
        double[] xs = x.data();
        double[] ms = mask.data();
        double[] out = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = -(xs[i] - m * MU) / var * ms[i];
        }
        return Tensor.of(out, x.shape());
    }

    private static double[] meanAndStd(double[] v, double[] mask) {
        double s = 0, ss = 0, n = 0;
        for (int i = 0; i < v.length; i++) {
            if (mask[i] != 0) {
                s += v[i];
                ss += v[i] * v[i];
                n++;
            }
        }
        double mean = s / n;
        return new double[] {mean, Math.sqrt(ss / n - mean * mean)};
    }

    @Test
    void vpAndVeSystemsRecoverTheirTargetsWithMasksAndSymmetricNoise() {
        Sde vp = new VpSde(0.1, 20);
        Sde ve = new VeSde(0.01, 5);
        Tensor maskX = Tensor.ones(1000, 3);
        for (int b = 0; b < 1000; b++) {
            maskX.data()[b * 3 + 2] = 0; // a padded column stays zero
        }
        int n = 4;
        Tensor maskA = Tensor.ones(200, n, n);
        for (int b = 0; b < 200; b++) {
            for (int i = 0; i < n; i++) {
                maskA.data()[(b * n + i) * n + i] = 0;
            }
        }
        PredictorCorrector pc = PredictorCorrector.builder().steps(300).snr(0.16).scaleEps(1.0).build();
        Tensor[] out = pc.sample(List.of(new PredictorCorrector.Component(vp, Noise.gaussian(), maskX),
                        new PredictorCorrector.Component(ve, Noise.symmetric(), maskA)),
                (states, t) -> new Tensor[] {gaussianScore(states[0], maskX, vp, t),
                        gaussianScore(states[1], maskA, ve, t)}, RandomStream.of(5));
        assertThat(pc.evaluations()).isEqualTo(600);
        double[] x = meanAndStd(out[0].data(), maskX.data());
        assertThat(x[0]).isCloseTo(MU, within(0.05));
        assertThat(x[1]).isCloseTo(S0, within(0.04));
        double[] a = meanAndStd(out[1].data(), maskA.data());
        assertThat(a[0]).isCloseTo(MU, within(0.05));
        assertThat(a[1]).isCloseTo(S0, within(0.04));
        double[] xs = out[0].data();
        double[] as = out[1].data();
        for (int b = 0; b < 1000; b++) {
            assertThat(xs[b * 3 + 2]).isZero();
        }
        for (int b = 0; b < 200; b++) {
            for (int i = 0; i < n; i++) {
                assertThat(as[(b * n + i) * n + i]).isZero();
                for (int j = 0; j < n; j++) {
                    assertThat(as[(b * n + i) * n + j]).isEqualTo(as[(b * n + j) * n + i]);
                }
            }
        }
    }

    @Test
    void aJointScoreCouplesTheComponents() {
        // (u, v) ~ N(0, [[1, ρ], [ρ, 1]]) as two components; C_t = m² Σ + s² I, score = −C_t⁻¹ x
        double rho = 0.8;
        Sde vp = new VpSde(0.1, 20);
        int n = 2000;
        Tensor mask = Tensor.ones(n);
        PredictorCorrector pc = PredictorCorrector.builder().steps(300).scaleEps(1.0).build();
        Tensor[] out = pc.sample(List.of(new PredictorCorrector.Component(vp, Noise.gaussian(), mask),
                new PredictorCorrector.Component(vp, Noise.gaussian(), mask)), (states, t) -> {
                    double m = vp.meanCoefficient(t), s = vp.std(t);
                    double c11 = m * m + s * s, c12 = m * m * rho;
                    double det = c11 * c11 - c12 * c12;
                    double[] u = states[0].data(), v = states[1].data();
                    double[] su = new double[n], sv = new double[n];
                    for (int i = 0; i < n; i++) {
                        su[i] = -(c11 * u[i] - c12 * v[i]) / det;
                        sv[i] = -(-c12 * u[i] + c11 * v[i]) / det;
                    }
                    return new Tensor[] {Tensor.of(su, n), Tensor.of(sv, n)};
                }, RandomStream.of(8));
        double[] u = out[0].data(), v = out[1].data();
        double uv = 0, uu = 0, vv = 0;
        for (int i = 0; i < n; i++) {
            uv += u[i] * v[i];
            uu += u[i] * u[i];
            vv += v[i] * v[i];
        }
        assertThat(uv / Math.sqrt(uu * vv)).isCloseTo(rho, within(0.03));
        assertThat(uu / n).isCloseTo(1.0, within(0.08));
    }

    @Test
    void aCorrectorNoiseScaleBelowOneSharpensTheSamples() {
        // λ < 1 injects less noise than Langevin dynamics needs, so the corrector contracts toward the modes
        // (GDSS's λ = 0.7 trades diversity for sample quality); the predictor alone and λ = 1 are unbiased
        Sde vp = new VpSde(0.1, 20);
        Tensor mask = Tensor.ones(2000);
        double[] stds = new double[2];
        double[] lambdas = {1.0, 0.7};
        for (int k = 0; k < 2; k++) {
            PredictorCorrector pc = PredictorCorrector.builder().steps(300).scaleEps(lambdas[k]).build();
            Tensor[] out = pc.sample(List.of(new PredictorCorrector.Component(vp, Noise.gaussian(), mask)),
                    (s, t) -> new Tensor[] {gaussianScore(s[0], mask, vp, t)}, RandomStream.of(4));
            stds[k] = meanAndStd(out[0].data(), mask.data())[1];
        }
        assertThat(stds[0]).isCloseTo(S0, within(0.03));
        assertThat(stds[1]).isLessThan(stds[0] - 0.02);
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        Sde ve = new VeSde(0.1, 1);
        Tensor mask = Tensor.ones(10, 2);
        PredictorCorrector pc = PredictorCorrector.builder().steps(20).build();
        PredictorCorrector.JointScore score = (s, t) -> new Tensor[] {s[0].mul(-1.0)};
        List<PredictorCorrector.Component> c = List.of(new PredictorCorrector.Component(ve, Noise.gaussian(), mask));
        assertThat(pc.sample(c, score, RandomStream.of(1))[0].data())
                .isEqualTo(pc.sample(c, score, RandomStream.of(1))[0].data());
    }

    @Test
    void perturbUsesTheMarginal() {
        Sde vp = new VpSde(0.1, 1.0);
        Tensor x0 = Tensor.of(new double[] {1, 2, 3, 4}, 2, 2);
        Tensor z = Tensor.of(new double[] {1, 0, 0, 1}, 2, 2);
        double[] out = vp.perturb(x0, new double[] {0.0, 1.0}, z).data();
        assertThat(out[0]).isCloseTo(1.0, within(1e-12)); // t = 0: m = 1, s = 0
        double m1 = Math.exp(-0.25 * 0.9 - 0.05);
        assertThat(out[2]).isCloseTo(3 * m1, within(1e-12));
        assertThat(out[3]).isCloseTo(4 * m1 + Math.sqrt(1 - m1 * m1), within(1e-12));
        assertThat(new VeSde(0.2, 1.0).std(1.0)).isCloseTo(1.0, within(1e-12));
        assertThat(new VeSde(0.2, 1.0).std(0.0)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> PredictorCorrector.builder().steps(0)).hasMessageContaining("steps");
        assertThatThrownBy(() -> new VpSde(0, 1)).hasMessageContaining("betaMin");
        assertThatThrownBy(() -> new VeSde(2, 1)).hasMessageContaining("sigmaMin");
        PredictorCorrector pc = PredictorCorrector.builder().steps(2).build();
        List<PredictorCorrector.Component> c = List.of(new PredictorCorrector.Component(new VeSde(0.1, 1),
                Noise.gaussian(), Tensor.ones(3)));
        assertThatThrownBy(() -> pc.sample(c, (s, t) -> new Tensor[] {Tensor.zeros(2)}, RandomStream.of(1)))
                .hasMessageContaining("score 0 has shape");
    }
}
