package dev.gradus.rl.critic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.rl.env.RewardNoise;
import dev.gradus.rl.env.TabularMdp;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriticTest {

    @Test
    void gammaFunctionsHaveTheirKnownValues() {
        assertThat(GammaFunctions.lgamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(GammaFunctions.lgamma(10)).isCloseTo(Math.log(362880), within(1e-12));
        assertThat(GammaFunctions.lgamma(0.1)).isCloseTo(2.252712651734206, within(1e-13));
        assertThat(GammaFunctions.digamma(1)).isCloseTo(-0.5772156649015329, within(1e-13));
        assertThat(GammaFunctions.trigamma(1)).isCloseTo(Math.PI * Math.PI / 6, within(1e-12));
        double h = 1e-5;
        for (double x : new double[] {0.3, 1.7, 8.0}) {
            assertThat(GammaFunctions.digamma(x)).isCloseTo(
                    (GammaFunctions.lgamma(x + h) - GammaFunctions.lgamma(x - h)) / (2 * h), within(1e-8));
        }
    }

    /** The digest's numbers: at α = 1 the variance α²Γ(3/β)/Γ(1/β) is 2.0, 0.5, 0.338 for β = 1, 2, 4. */
    @Test
    void ggdVarianceAndLikelihood() {
        double[] expect = {2.0, 0.5, 0.338};
        double[] betas = {1, 2, 4};
        for (int i = 0; i < 3; i++) {
            double b = betas[i];
            double var = Math.exp(GammaFunctions.lgamma(3 / b) - GammaFunctions.lgamma(1 / b));
            assertThat(var).isCloseTo(expect[i], within(0.001));
        }
        // β = 2, α = 1 is the Gaussian with variance 1/2: NLL = δ² + ½ log π.
        CriticLoss ggd = CriticLoss.parse("ggd()");
        Var out = Var.constant(Tensor.of(new double[] {0.0, Math.log(2)}, 1, 2));
        assertThat(ggd.loss(out, Tensor.vector(0.7)).item()).isCloseTo(0.49 + 0.5 * Math.log(Math.PI), within(1e-12));
    }

    @Test
    void ggdGradientsMatchFiniteDifferences() {
        CriticLoss ggd = CriticLoss.parse("ggd(alpha=0.8)");
        Tensor y = Tensor.vector(0.3, -1.2, 2.0);
        double[] x0 = {0.1, 0.2, -0.5, -0.3, 0.4, 0.6};
        Var p = Var.param(Tensor.of(x0.clone(), 3, 2));
        Tensor g = Autodiff.grad(ggd.loss(p, y), List.of(p)).get(0);
        double h = 1e-6;
        for (int i = 0; i < 6; i++) {
            double[] a = x0.clone();
            double[] b = x0.clone();
            a[i] += h;
            b[i] -= h;
            double fd = (ggd.loss(Var.constant(Tensor.of(a, 3, 2)), y).item()
                    - ggd.loss(Var.constant(Tensor.of(b, 3, 2)), y).item()) / (2 * h);
            assertThat(g.data()[i]).isCloseTo(fd, within(1e-7));
        }
    }

    @Test
    void theShapeHeadTellsLaplaceFromGaussianTdNoise() {
        TabularMdp mdp = TabularMdp.random(6, 2, 3, 0.3, RandomStream.of(2));
        RewardNoise[] noise = new RewardNoise[6];
        double[] scale = new double[6];
        for (int s = 0; s < 6; s++) {
            noise[s] = s < 3 ? RewardNoise.LAPLACE : RewardNoise.GAUSSIAN;
            scale[s] = s < 3 ? 1.0 : Math.sqrt(0.5); // both are GGD(alpha = 1): beta = 1 and beta = 2
        }
        TdPrediction ggd = new TdPrediction(mdp, mdp.uniformPolicy(), noise, scale, CriticLoss.parse("ggd()"), 0.02, 32,
                1);
        ggd.run(1500);
        double[] beta = ggd.shapes();
        double laplace = (beta[0] + beta[1] + beta[2]) / 3;
        double gauss = (beta[3] + beta[4] + beta[5]) / 3;
        System.out.println("ggd shape head: beta per state " + java.util.Arrays.toString(beta));
        assertThat(laplace).as("mean beta of the Laplace states").isBetween(0.7, 1.4);
        assertThat(gauss).as("mean beta of the Gaussian states").isBetween(1.5, 3.0);
        assertThat(ggd.valueRmse()).isLessThan(0.3);
        TdPrediction mse = new TdPrediction(mdp, mdp.uniformPolicy(), noise, scale, CriticLoss.parse("mse()"), 0.02, 32, 1);
        mse.run(1500);
        assertThat(mse.valueRmse()).isLessThan(0.4);
        assertThat(mse.shapes()[0]).isNaN();
    }
}
