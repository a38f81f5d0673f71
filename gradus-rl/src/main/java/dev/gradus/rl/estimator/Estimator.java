package dev.gradus.rl.estimator;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.rl.policy.Policy;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Likelihood-ratio estimators of the policy gradient ∇J(θ) from one trajectory, with their score functions
 * ∇ log π through autodiff (06-rl.md §1):
 * <pre>
 *   REINFORCE:  g(τ, θ) = (Σ_{h&lt;T} γ^h r_h) · Σ_{t&lt;T} ∇ log π_θ(a_t|s_t)
 *   GPOMDP:     g(τ, θ) = Σ_{t&lt;T} (Σ_{h=t}^{T−1} γ^h r_h) · ∇ log π_θ(a_t|s_t)
 * </pre>
 * Both are the gradient of a surrogate Φ(τ, θ) = Σ_t w_t log π_θ(a_t|s_t) with fixed weights w_t ({@link #weights}).
 * GPOMDP drops the terms of rewards earned before the action, which have zero mean, so its variance is lower.
 */
public enum Estimator {
    /** Williams (1992): the whole discounted return weighs every score. */
    REINFORCE,
    /** Baxter and Bartlett (2001): each score is weighed by the discounted rewards from its step on. */
    GPOMDP;

    /** The name in specs: {@code reinforce} or {@code gpomdp}. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The estimator called {@code name}. */
    public static Estimator of(String name) {
        for (Estimator e : values()) {
            if (e.specName().equals(name)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown estimator '" + name + "'; known: reinforce, gpomdp");
    }

    /** The weights w_t of the surrogate for {@code rewards} and discount {@code gamma}. */
    public double[] weights(double[] rewards, double gamma) {
        int n = rewards.length;
        double[] disc = new double[n];
        double d = 1;
        for (int t = 0; t < n; t++) {
            disc[t] = d * rewards[t];
            d *= gamma;
        }
        double[] w = new double[n];
        if (this == REINFORCE) {
            double total = 0;
            for (double x : disc) {
                total += x;
            }
            java.util.Arrays.fill(w, total);
        } else {
            double tail = 0;
            for (int t = n - 1; t >= 0; t--) {
                tail += disc[t];
                w[t] = tail;
            }
        }
        return w;
    }

    /** Φ(τ, θ) = Σ_t w_t log π_θ(a_t|s_t), differentiable in the bound {@code params}. */
    public Var surrogate(Policy policy, Map<String, Var> params, Trajectory tau, double gamma) {
        Var logp = policy.logProb(params, tau.observations(), tau.actions());
        return logp.mul(Var.constant(Tensor.vector(weights(tau.rewards(), gamma)))).sum();
    }

    /** g(τ, θ) at parameters {@code at}, by name. */
    public TensorMap gradient(Policy policy, TensorMap at, Trajectory tau, double gamma) {
        Map<String, Var> params = policy.bind(at, true);
        return named(params, Autodiff.grad(surrogate(policy, params, tau, gamma), new ArrayList<>(params.values()),
                null, true));
    }

    /** The tensors {@code values} under the names of {@code params}, in order. */
    static TensorMap named(Map<String, Var> params, List<Tensor> values) {
        TensorMap out = new TensorMap();
        int i = 0;
        for (String name : params.keySet()) {
            out.put(name, values.get(i++));
        }
        return out;
    }
}
