package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class GeluTest {
    // x Phi(x) = x erfc(-x/sqrt 2)/2 for x = -3, -1, -0.5, 0, 0.5, 1, 3, from Python's math.erfc (exact to an ulp).
    private static final double[] X = {-3, -1, -0.5, 0, 0.5, 1, 3};
    private static final double[] EXACT = {-0.004049694094890287, -0.15865525393145707, -0.15426876936299344, 0.0,
        0.34573123063700656, 0.8413447460685429, 2.99595030590511};

    @Test
    void theErfFormMatchesTheExactGelu() {
        double[] y = new GELU().forward(Tensor.vector(X)).value().data();
        assertThat(y).containsExactly(EXACT, within(2e-8));
    }

    @Test
    void theTanhFormIsPyTorchsFormulaAndCloseToExact() {
        double[] y = new GELU(GELU.Approximation.TANH).forward(Tensor.vector(X)).value().data();
        for (int i = 0; i < X.length; i++) {
            double x = X[i];
            assertThat(y[i]).isCloseTo(0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x))),
                    within(1e-15));
            assertThat(y[i]).isCloseTo(EXACT[i], within(5e-4));
        }
    }

    @Test
    void bothFormsPassGradientChecks() {
        RandomStream rng = RandomStream.of(8);
        GradChecks.check(new GELU(), Tensor.randn(rng, 4, 5).mul(2));
        GradChecks.check(new GELU(GELU.Approximation.TANH), Tensor.randn(rng, 4, 5).mul(2));
        GradChecks.checkSecondOrder(new GELU(), Tensor.randn(rng, 3, 4));
        assertThat(new GELU().toString()).isEqualTo("GELU(approximate='none')");
    }
}
