package dev.gradus.lab.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurvatureTest {
    @Test
    void traceAndTopEigenvalueOfAQuadraticSplitOverTwoParameters() {
        // L = 1/2 z^T A z with z = (p, q), A = [[4, 1, 0], [1, 3, 0], [0, 0, 7]]: tr = 14, lambda_max = 7.
        Var p = Var.param(Tensor.of(new double[] {0.3, -1.2}, 2));
        Var q = Var.param(Tensor.of(new double[] {0.5}, 1));
        Tensor a = Tensor.of(new double[] {4, 1, 1, 3}, 2, 2);
        Var loss = p.dot(p.matmul(a)).mul(0.5).add(q.square().sum().mul(3.5));
        Curvature c = Curvature.of(loss, List.of(p, q), RandomStream.of(5), 500, 1e-13);
        assertThat(c.trace()).isCloseTo(14, within(1e-12));
        assertThat(c.lambdaMax()).isCloseTo(7, within(1e-9));
        assertThat(c.converged()).isTrue();
    }
}
