package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Test helpers for second derivatives: Hessian-vector products against finite differences of gradients. */
final class SecondOrder {
    private SecondOrder() {}

    /** {@code f} contracted with fixed random weights when its output is not a scalar. */
    static Function<List<Var>, Var> scalarised(Function<List<Var>, Var> f, List<Tensor> inputs) {
        List<Var> probe = new ArrayList<>();
        for (Tensor t : inputs) probe.add(Var.constant(t));
        Tensor out;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            out = f.apply(probe).value();
        }
        if (out.size() == 1) {
            return v -> f.apply(v).sum();
        }
        Tensor w = Tensor.randn(RandomStream.of(77), out.shape());
        return v -> f.apply(v).mul(w).sum();
    }

    static List<Tensor> gradientAt(Function<List<Var>, Var> loss, List<Tensor> x) {
        List<Var> params = new ArrayList<>();
        for (Tensor t : x) params.add(Var.param(t));
        return Autodiff.grad(loss.apply(params), params, null, true);
    }

    /** {@code (grad L(x + eps v) - grad L(x - eps v)) / 2 eps}, accurate to O(eps^2). */
    static List<Tensor> finiteDifferenceHvp(Function<List<Var>, Var> loss, List<Tensor> x, List<Tensor> v, double eps) {
        List<Tensor> plus = new ArrayList<>(), minus = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            plus.add(x.get(i).add(v.get(i).mul(eps)));
            minus.add(x.get(i).sub(v.get(i).mul(eps)));
        }
        List<Tensor> gp = gradientAt(loss, plus), gm = gradientAt(loss, minus);
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) out.add(gp.get(i).sub(gm.get(i)).div(2 * eps));
        return out;
    }

    /** Asserts {@code |Hv - fd| <= tol * max(1, |fd|)} elementwise for a seeded random direction. */
    static void requireHvpMatchesFiniteDifferences(String name, Function<List<Var>, Var> loss, List<Tensor> x, double tol) {
        List<Var> params = new ArrayList<>();
        for (Tensor t : x) params.add(Var.param(t.copy()));
        RandomStream rng = RandomStream.of(31);
        List<Tensor> v = new ArrayList<>();
        for (Tensor t : x) v.add(Tensor.randn(rng, t.shape()));
        List<Tensor> hv = Hvp.hvp(loss.apply(params), params, v);
        List<Tensor> fd = finiteDifferenceHvp(loss, x, v, 1e-5);
        for (int i = 0; i < x.size(); i++) {
            double[] a = hv.get(i).data(), n = fd.get(i).data();
            for (int j = 0; j < a.length; j++) {
                assertThat(Math.abs(a[j] - n[j]) / Math.max(1, Math.abs(n[j])))
                        .as("%s: Hv of input %d element %d: analytic %s, finite differences %s", name, i, j, a[j], n[j])
                        .isLessThanOrEqualTo(tol);
            }
        }
    }
}
