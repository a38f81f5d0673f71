package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Hessian-vector products, sharpness and Hutchinson traces. */
class SecondOrderTest {
    private static final Tensor X = Tensor.randn(RandomStream.of(1), 8, 3);
    private static final Tensor Y = Tensor.randn(RandomStream.of(2), 8, 2);

    private static Tensor rnd(long seed, int... shape) {
        return Tensor.randn(RandomStream.of(seed), shape).mul(0.7);
    }

    @Test
    void hvpOfAMatmulNetwork() {
        Function<List<Var>, Var> loss = p -> Var.constant(X).matmul(p.get(0)).matmul(p.get(1)).sub(Var.constant(Y))
                .square().sum();
        SecondOrder.requireHvpMatchesFiniteDifferences("matmul", loss, List.of(rnd(3, 3, 4), rnd(4, 4, 2)), 1e-6);
    }

    @Test
    void hvpOfATanhNetwork() {
        Function<List<Var>, Var> loss = p -> Losses.mse(
                Var.constant(X).matmul(p.get(0)).add(p.get(1)).tanh().matmul(p.get(2)).add(p.get(3)), Y);
        SecondOrder.requireHvpMatchesFiniteDifferences("tanh",
                loss, List.of(rnd(3, 3, 5), rnd(4, 5), rnd(5, 5, 2), rnd(6, 2)), 1e-6);
    }

    @Test
    void hvpOfAReluNetworkAwayFromKinks() {
        List<Tensor> p0 = List.of(rnd(7, 3, 6), rnd(8, 6), rnd(9, 6, 2));
        Tensor pre = X.matmul(p0.get(0)).add(p0.get(1));
        assertThat(pre.abs().min()).as("pre-activations away from the kink").isGreaterThan(1e-3);
        Function<List<Var>, Var> loss = p -> Losses.mse(
                Var.constant(X).matmul(p.get(0)).add(p.get(1)).relu().matmul(p.get(2)), Y);
        SecondOrder.requireHvpMatchesFiniteDifferences("relu", loss, p0, 1e-6);
    }

    @Test
    void hvpOfSoftmaxCrossEntropy() {
        int[] labels = {0, 2, 1, 3, 3, 0, 1, 2};
        Function<List<Var>, Var> loss = p -> Losses.softmaxCrossEntropy(
                Var.constant(X).matmul(p.get(0)).add(p.get(1)), labels);
        SecondOrder.requireHvpMatchesFiniteDifferences("softmax CE", loss, List.of(rnd(10, 3, 4), rnd(11, 4)), 1e-6);
        Tensor probs = Tensor.rand(RandomStream.of(12), 8, 4).softmax(1);
        Function<List<Var>, Var> soft = p -> Losses.softmaxCrossEntropy(Var.constant(X).matmul(p.get(0)), probs);
        SecondOrder.requireHvpMatchesFiniteDifferences("softmax CE probs", soft, List.of(rnd(13, 3, 4)), 1e-6);
    }

    /** {@code A = Q diag(eigenvalues) Q^T} with a Householder reflection Q, so the spectrum is known exactly. */
    private static Tensor matrixWithSpectrum(double... eigenvalues) {
        int n = eigenvalues.length;
        Tensor u = Tensor.randn(RandomStream.of(99), n, 1);
        Tensor q = Tensor.eye(n).sub(u.matmul(u, false, true).mul(2 / u.dot(u)));
        Tensor d = Tensor.zeros(n, n);
        for (int i = 0; i < n; i++) d.set(eigenvalues[i], i, i);
        return q.matmul(d).matmul(q, false, true);
    }

    /** {@code 0.5 x^T A x} with x split into two parameters, so the Hessian is A over the concatenation. */
    private static Var quadratic(Tensor a, Var x1, Var x2) {
        Var x = Var.concat(List.of(x1, x2), 0);
        return x.dot(Var.constant(a).matmul(x)).mul(0.5);
    }

    @Test
    void hvpOfAQuadraticIsTheMatrixProduct() {
        Tensor a = matrixWithSpectrum(5, 3, 2, 1, 0.5);
        Var x1 = Var.param(rnd(20, 2)), x2 = Var.param(rnd(21, 3));
        Tensor v = rnd(22, 5);
        List<Tensor> hv = Hvp.hvp(quadratic(a, x1, x2), List.of(x1, x2), List.of(v.sliceRows(0, 2), v.sliceRows(2, 5)));
        Tensor expected = a.matmul(v);
        assertThat(Tensor.concat(hv, 0).allClose(expected, 1e-12, 1e-12)).isTrue();
    }

    @Test
    void sharpnessOfAQuadraticIsTheTopEigenvalue() {
        Tensor a = matrixWithSpectrum(5, 3, 2, 1, 0.5);
        Var x1 = Var.param(rnd(20, 2)), x2 = Var.param(rnd(21, 3));
        Sharpness.Result r = Sharpness.topEigenvalue(quadratic(a, x1, x2), List.of(x1, x2), RandomStream.of(3), 500, 1e-12);
        assertThat(r.converged()).isTrue();
        assertThat(r.eigenvalue()).isCloseTo(5.0, offset(1e-9));
        Tensor v = Tensor.concat(r.eigenvector(), 0);
        assertThat(a.matmul(v).allClose(v.mul(5), 1e-4, 1e-4)).as("A v = 5 v").isTrue();
        Sharpness.Result capped = Sharpness.topEigenvalue(quadratic(a, x1, x2), List.of(x1, x2), RandomStream.of(3), 2, 1e-12);
        assertThat(capped.converged()).isFalse();
        assertThat(capped.iterations()).isEqualTo(2);
    }

    @Test
    void sharpnessIsDeterministicForASeed() {
        Var w = Var.param(rnd(30, 3, 2));
        Var loss = Losses.mse(Var.constant(X).matmul(w).tanh(), Y);
        double a = Sharpness.topEigenvalue(loss, List.of(w), RandomStream.of(5), 20, 0).eigenvalue();
        double b = Sharpness.topEigenvalue(loss, List.of(w), RandomStream.of(5), 20, 0).eigenvalue();
        assertThat(a).isEqualTo(b);
    }

    @Test
    void hutchinsonEstimatesTheTrace() {
        Tensor a = matrixWithSpectrum(5, 3, 2, 1, 0.5); // trace 11.5
        Var x1 = Var.param(rnd(20, 2)), x2 = Var.param(rnd(21, 3));
        HutchinsonTrace.Estimate e = HutchinsonTrace.estimate(quadratic(a, x1, x2), List.of(x1, x2), RandomStream.of(8), 400);
        assertThat(e.samples()).isEqualTo(400);
        assertThat(e.standardError()).isPositive().isLessThan(0.3);
        assertThat(Math.abs(e.trace() - 11.5)).isLessThan(4 * e.standardError());
        HutchinsonTrace.Estimate again = HutchinsonTrace.estimate(quadratic(a, x1, x2), List.of(x1, x2), RandomStream.of(8), 400);
        assertThat(again.trace()).isEqualTo(e.trace());
    }

    @Test
    void hutchinsonIsExactForADiagonalHessian() {
        Var x = Var.param(rnd(40, 4));
        Tensor d = Tensor.vector(1, 2, 3, 4);
        Var loss = x.square().mul(d).sum().mul(0.5); // Hessian diag(1, 2, 3, 4)
        HutchinsonTrace.Estimate e = HutchinsonTrace.estimate(loss, List.of(x), RandomStream.of(1), 3);
        assertThat(e.trace()).isCloseTo(10.0, offset(1e-12));
        assertThat(e.standardError()).isCloseTo(0.0, offset(1e-12));
    }

    @Test
    void hvpOfALinearLossIsZero() {
        Var w = Var.param(Tensor.vector(1, 2));
        List<Tensor> hv = Hvp.hvp(w.mul(Tensor.vector(3, 4)).sum(), List.of(w), List.of(Tensor.vector(1, 1)));
        assertThat(hv.get(0)).isEqualTo(Tensor.zeros(2));
    }

    @Test
    void gradientPenaltyCanBeDifferentiated() {
        // L(w) = |grad_w f(w)|^2 with f = sum(w^3): grad f = 3 w^2, L = 9 sum w^4, dL/dw = 36 w^3
        Var w = Var.param(Tensor.vector(0.5, -1, 2));
        Var g = Autodiff.gradGraph(w.pow(3).sum(), List.of(w)).get(0);
        Var penalty = g.square().sum();
        assertThat(penalty.item()).isCloseTo(9 * (0.0625 + 1 + 16), offset(1e-12));
        Tensor dPenalty = Autodiff.grad(penalty, List.of(w)).get(0);
        assertThat(dPenalty.allClose(Tensor.vector(36 * 0.125, -36, 36 * 8), 1e-12, 1e-12)).isTrue();
    }

    @Test
    void hvpChecksTheVectorShapes() {
        Var w = Var.param(Tensor.vector(1, 2));
        Hvp h = Hvp.of(w.square().sum(), List.of(w));
        assertThatThrownBy(() -> h.apply(List.of(Tensor.zeros(3))))
                .hasMessage("hvp: v[0] has shape [3], expected [2] like params[0]");
    }
}
