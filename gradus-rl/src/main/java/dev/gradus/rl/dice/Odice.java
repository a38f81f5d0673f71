package dev.gradus.rl.dice;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.rl.env.ActionSpace;
import dev.gradus.rl.env.OfflineDataset;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ODICE: offline RL by V-DICE with the orthogonal-gradient update (Mao et al., "ODICE: Revealing the Mystery of
 * Distribution Correction Estimation via Orthogonal-gradient Update", ICLR 2024; official code
 * {@code maoliyuan/ODICE-Pytorch odice.py}). The value V_θ minimises the Pearson-χ² V-DICE objective on a data set D:
 * <pre>
 *   min_V (1 − λ) E_{s∼D}[V(s)] + λ E_{(s,a,r,s′)∼D}[f*(r + γ(1 − done) V(s′) − V(s))],
 *   f*(y) = y ω − (ω − 1)²,  ω = max(y/2 + 1, 0)
 *   δ_f = r + γ(1 − done) V̄(s′) − V(s)     (forward residual; V̄ the EMA target network, no gradient)
 *   δ_b = r + γ(1 − done) V(s′) − V̄(s)     (backward residual)
 *   g_f = ∇ mean(λ f*(δ_f)),   g_b = ∇ mean(λ η f*(δ_b)),   g_0 = ∇ mean((1 − λ) V(s))
 *   orthogonal:  g = g_0 + g_f + (g_b − (⟨g_f, g_b⟩/max(‖g_f‖², 1e-10)) g_f)      (the projection at every step)
 *   semi:        g = g_0 + g_f
 *   true:        g = g_0 + ∇ mean(λ f*(r + γ(1 − done) V(s′) − V(s)))              (both terms through V)
 *   V̄ ← (1 − τ) V̄ + τ V after every value step (τ = 0.005)
 * </pre>
 * The policy is extracted by weighted behaviour cloning, weight max(δ_f, 0) clamped at 100 and detached: the code's χ²
 * form (the analytic f′⁻¹(δ) = δ/2 + 1 differs; the code's is followed and flagged). Defaults: the run script's
 * λ = 0.6, η = 1.0; γ = 0.99; τ = 0.005; batch 256; value and policy learning rate 2e-4 (Adam). The value network is
 * an MLP, so forward and backward gradients interact through shared parameters, which is where the projection
 * matters. Not implemented: the twin V heads and layer norm of the code's D4RL configuration.
 */
public final class Odice {
    /** Which gradient the value network follows. */
    public enum Rule {
        /** Both residual terms through the online V: the full gradient of the objective. */
        TRUE_GRADIENT,
        /** The forward term only (target network at s′). */
        SEMI_GRADIENT,
        /** The forward term plus the backward term projected onto the normal plane of the forward one. */
        ORTHOGONAL
    }

    /**
     * Settings.
     *
     * @param lambda λ
     * @param eta η, the weight of the backward gradient
     * @param gamma the discount
     * @param tau the target network's EMA rate
     * @param valueLr the value network's Adam learning rate
     * @param policyLr the policy's Adam learning rate
     * @param batch transitions per step
     * @param hidden the value network's hidden widths (tanh)
     */
    public record Config(double lambda, double eta, double gamma, double tau, double valueLr, double policyLr, int batch,
            int[] hidden) {
        /** The reference defaults, with a small 2x64 value network. */
        public static Config defaults() {
            return new Config(0.6, 1.0, 0.99, 0.005, 2e-4, 2e-4, 256, new int[] {64, 64});
        }

        /** The same settings with other learning rates. */
        public Config withLearningRates(double value, double policy) {
            return new Config(lambda, eta, gamma, tau, value, policy, batch, hidden);
        }
    }

    private final OfflineDataset data;
    private final Rule rule;
    private final Config config;
    private final Module value;
    private final TensorMap target;
    private final Policy policy;
    private final GradientTransformation valueOpt;
    private final OptState valueState;
    private final GradientTransformation policyOpt;
    private final OptState policyState;
    private final RandomStream batches;
    private long steps;
    private long negativeCosines;

    /** ODICE on {@code data} with a {@code policy} for {@code actions}, seeded {@code seed}. */
    public Odice(OfflineDataset data, Rule rule, Config config, PolicyFactory policy, ActionSpace actions, long seed) {
        this.data = data;
        this.rule = rule;
        this.config = config;
        RandomStream root = RandomStream.of(seed);
        this.value = PolicyFactory.network(data.observationSize(), config.hidden(), 1, "tanh", true, false,
                root.fork("value"));
        this.target = value.namedParameters().copy();
        this.policy = policy.build(data.observationSize(), actions, root.fork("policy"));
        this.valueOpt = Optimizers.adam().lr(config.valueLr());
        this.valueState = valueOpt.init(value.namedParameters());
        this.policyOpt = Optimizers.adam().lr(config.policyLr());
        this.policyState = policyOpt.init(this.policy.parameters());
        this.batches = root.fork("batches");
    }

    /** The policy extracted so far. */
    public Policy policy() {
        return policy;
    }

    /** The value network V_θ. */
    public Module value() {
        return value;
    }

    /** Value steps taken. */
    public long steps() {
        return steps;
    }

    /** The fraction of value steps whose forward and backward gradients pointed apart (cos(g_f, g_b) &lt; 0). */
    public double negativeCosineFraction() {
        return steps == 0 ? Double.NaN : (double) negativeCosines / steps;
    }

    /** V(s) of each row of {@code obs} ([n, d]). */
    public double[] values(Tensor obs) {
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            return value.forward(Var.constant(obs)).value().data().clone();
        }
    }

    /** f*(y) = y ω − (ω − 1)², ω = max(y/2 + 1, 0). */
    static Var fStar(Var y) {
        Var w = y.mul(0.5).add(1.0).relu();
        return y.mul(w).sub(w.sub(1.0).square());
    }

    private Map<String, Var> targetVars() {
        Map<String, Var> m = new LinkedHashMap<>();
        target.forEach((n, t) -> m.put(n, Var.constant(t)));
        return m;
    }

    private TensorMap grad(Var loss) {
        return value.gradients(loss);
    }

    /** One value step and one policy step on a fresh minibatch. */
    public void step() {
        int[] idx = batches.choice(data.size(), Math.min(config.batch(), data.size()), true);
        Tensor s = data.observations().indexSelect(idx);
        Tensor next = data.nextObservations().indexSelect(idx);
        Tensor r = data.rewards().indexSelect(idx);
        Tensor notDone = data.terminals().indexSelect(idx).rsub(1.0);
        Tensor discount = notDone.mul(config.gamma());
        int n = idx.length;
        double lambda = config.lambda();

        Var v = value.forward(Var.constant(s)).reshape(n);
        Var vNext = value.forward(Var.constant(next)).reshape(n);
        Var vBar;
        Var vBarNext;
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            vBar = Var.constant(value.call(targetVars(), Var.constant(s)).value().reshape(n));
            vBarNext = Var.constant(value.call(targetVars(), Var.constant(next)).value().reshape(n));
        }
        TensorMap total = grad(v.mean().mul(1 - lambda));
        Var deltaF = Var.constant(r).add(vBarNext.mul(Var.constant(discount))).sub(v);
        TensorMap gf = grad(fStar(deltaF).mean().mul(lambda));
        switch (rule) {
            case SEMI_GRADIENT -> Trees.axpy(1.0, gf, total);
            case ORTHOGONAL -> {
                Var deltaB = Var.constant(r).add(vNext.mul(Var.constant(discount))).sub(vBar);
                TensorMap gb = grad(fStar(deltaB).mean().mul(lambda * config.eta()));
                if (GradientSurgery.cosine(gf, gb) < 0) {
                    negativeCosines++;
                }
                Trees.axpy(1.0, gf, total);
                Trees.axpy(1.0, GradientSurgery.projectOntoNormalPlane(gb, gf), total);
            }
            case TRUE_GRADIENT -> {
                Var delta = Var.constant(r).add(vNext.mul(Var.constant(discount))).sub(v);
                Trees.axpy(1.0, grad(fStar(delta).mean().mul(lambda)), total);
            }
        }
        if (rule != Rule.ORTHOGONAL) {
            Var deltaB = Var.constant(r).add(vNext.mul(Var.constant(discount))).sub(vBar);
            if (GradientSurgery.cosine(gf, grad(fStar(deltaB).mean().mul(lambda * config.eta()))) < 0) {
                negativeCosines++;
            }
        }
        valueOpt.step(value.namedParameters(), total, valueState);
        TensorMap live = value.namedParameters();
        target.forEach((name, t) -> {
            double[] tb = t.data();
            double[] th = live.get(name).data();
            for (int i = 0; i < tb.length; i++) {
                tb[i] = (1 - config.tau()) * tb[i] + config.tau() * th[i];
            }
        });
        steps++;

        double[] weights = deltaF.value().data().clone();
        for (int i = 0; i < n; i++) {
            weights[i] = Math.min(Math.max(weights[i], 0), 100);
        }
        Map<String, Var> params = policy.bind(policy.parameters(), true);
        Var logp = policy.logProb(params, s, data.actions().indexSelect(idx));
        Var bc = logp.mul(Var.constant(Tensor.vector(weights))).mean().neg();
        List<Var> leaves = new ArrayList<>(params.values());
        List<Tensor> g = Autodiff.grad(bc, leaves, null, true);
        TensorMap pg = new TensorMap();
        int i = 0;
        for (String name : params.keySet()) {
            pg.put(name, g.get(i++));
        }
        policyOpt.step(policy.parameters(), pg, policyState);
    }

    /** {@code n} steps. */
    public void train(int n) {
        for (int k = 0; k < n; k++) {
            step();
        }
    }
}
