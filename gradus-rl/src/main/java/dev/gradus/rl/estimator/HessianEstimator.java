package dev.gradus.rl.estimator;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Hvp;
import dev.gradus.autodiff.Var;
import dev.gradus.rl.policy.Policy;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HAPG estimator of Hessian-vector products of J (Shen et al., ICML 2019; used by HARPG, 06-rl.md §1), from one
 * trajectory τ, without forming the Hessian:
 * <pre>
 *   B(τ, θ) = g(τ, θ)·∇log p(τ|θ)ᵀ + ∇²Φ(τ, θ),   Φ = Σ_t (Σ_{h≥t} γ^h r_h) log π_θ(a_t|s_t),   ∇log p = Σ_t ∇log π_θ(a_t|s_t)
 *   B v = g·(∇log p · v) + ∇²Φ·v
 * </pre>
 * g is the GPOMDP gradient (= ∇Φ) and ∇²Φ·v comes from double backward of Φ (Pearlmutter), so E[B v] = ∇²J(θ) v.
 */
public final class HessianEstimator {
    private HessianEstimator() {}

    /** B(τ, θ)·v at parameters {@code at}, with discount {@code gamma}. */
    public static TensorMap apply(Policy policy, TensorMap at, Trajectory tau, TensorMap v, double gamma) {
        Map<String, Var> params = policy.bind(at, true);
        List<Var> leaves = new ArrayList<>(params.values());
        Var phi = Estimator.GPOMDP.surrogate(policy, params, tau, gamma);
        Hvp h = Hvp.of(phi, leaves);
        List<Tensor> g = h.gradient();
        List<Tensor> vs = new ArrayList<>();
        for (String name : params.keySet()) {
            vs.add(v.get(name));
        }
        List<Tensor> hv = h.apply(vs);
        Var logp = policy.logProb(params, tau.observations(), tau.actions()).sum();
        List<Tensor> score = Autodiff.grad(logp, leaves, null, true);
        double sv = 0;
        for (int i = 0; i < score.size(); i++) {
            sv += score.get(i).dot(vs.get(i));
        }
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < g.size(); i++) {
            out.add(g.get(i).mul(sv).add(hv.get(i)));
        }
        return Estimator.named(params, out);
    }
}
