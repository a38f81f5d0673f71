package dev.gradus.rl.critic;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.rl.env.RewardNoise;
import dev.gradus.rl.env.Step;
import dev.gradus.rl.env.TabularEnv;
import dev.gradus.rl.env.TabularMdp;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/**
 * TD(0) prediction of V^π for a fixed behaviour policy on a tabular MDP with (possibly heavy-tailed, state-dependent)
 * reward noise, with a linear critic over one-hot features and any {@link CriticLoss}: the test bed of the
 * generalized-Gaussian TD error (06-rl.md §3). Each update takes one transition from each of {@code batch}
 * environments, forms the semi-gradient targets y = r + γ V(s′)(1 − terminated) with the current critic held fixed,
 * and takes one Adam step on the loss. The ground truth is the exact V^π ({@link TabularMdp#evaluate}).
 *
 * <p>For the {@code ggd} loss the critic's second output is the per-state log β, so {@link #shapes()} tells which
 * states' TD errors are heavy-tailed (β ≈ 1 for Laplace noise, ≈ 2 for Gaussian).
 */
public final class TdPrediction {
    private final TabularMdp mdp;
    private final double[][] behaviour;
    private final CriticLoss loss;
    private final Linear critic;
    private final TabularEnv[] envs;
    private final RandomStream actions;
    private final GradientTransformation adam;
    private final OptState state;
    private final double[] truth;
    private long updates;

    /**
     * A prediction run.
     *
     * @param behaviour π(a|s), the policy whose values are predicted
     * @param noise per-state reward noise (null: none)
     * @param scale per-state noise scale
     * @param lr the Adam learning rate
     * @param batch transitions per update (one per environment)
     */
    public TdPrediction(TabularMdp mdp, double[][] behaviour, RewardNoise[] noise, double[] scale, CriticLoss loss,
            double lr, int batch, long seed) {
        if (batch < 1) {
            throw new IllegalArgumentException("td prediction: batch must be at least 1, got " + batch);
        }
        this.mdp = mdp;
        this.behaviour = behaviour;
        this.loss = loss;
        RandomStream root = RandomStream.of(seed);
        this.critic = new Linear(mdp.states(), loss.outputs(), false, root.fork("critic"));
        critic.weight().value().fill(0);
        this.envs = new TabularEnv[batch];
        for (int i = 0; i < batch; i++) {
            envs[i] = new TabularEnv("td", mdp, Integer.MAX_VALUE, noise, scale);
            envs[i].reset(seed * 1_000_003L + i);
        }
        this.actions = root.fork("actions");
        this.adam = Optimizers.adam().lr(lr);
        this.state = adam.init(critic.namedParameters());
        this.truth = mdp.evaluate(behaviour);
    }

    /** The critic's outputs for every state ([S, outputs]). */
    private Tensor outputs() {
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            return critic.forward(Var.constant(Tensor.eye(mdp.states()))).value();
        }
    }

    /** {@code n} TD updates. */
    public void run(int n) {
        int b = envs.length;
        int ns = mdp.states();
        for (int u = 0; u < n; u++) {
            double[] x = new double[b * ns];
            double[] y = new double[b];
            Tensor out = outputs();
            for (int i = 0; i < b; i++) {
                int s = envs[i].stateIndex();
                int a = draw(behaviour[s]);
                Step st = envs[i].step(a);
                int next = envs[i].stateIndex();
                x[i * ns + s] = 1;
                y[i] = st.reward() + (st.terminated() ? 0 : mdp.gamma() * out.get(next, 0));
                if (st.done()) {
                    envs[i].reset();
                }
            }
            Var pred = critic.forward(Var.constant(Tensor.of(x, b, ns)));
            Var l = loss.loss(pred, Tensor.vector(y));
            TensorMap grads = critic.gradients(l);
            adam.step(critic.namedParameters(), grads, state);
            updates++;
        }
    }

    private int draw(double[] p) {
        double u = actions.uniform();
        double c = 0;
        for (int a = 0; a < p.length; a++) {
            c += p[a];
            if (u < c) {
                return a;
            }
        }
        return p.length - 1;
    }

    /** The updates done. */
    public long updates() {
        return updates;
    }

    /** V(s) of the critic, per state. */
    public double[] values() {
        Tensor out = outputs();
        double[] v = new double[mdp.states()];
        for (int s = 0; s < v.length; s++) {
            v[s] = out.get(s, 0);
        }
        return v;
    }

    /** The exact V^π. */
    public double[] trueValues() {
        return truth.clone();
    }

    /** sqrt(mean over non-terminal states of (V(s) − V^π(s))²). */
    public double valueRmse() {
        double[] v = values();
        double sq = 0;
        int k = 0;
        for (int s = 0; s < v.length; s++) {
            if (!mdp.terminal(s)) {
                sq += (v[s] - truth[s]) * (v[s] - truth[s]);
                k++;
            }
        }
        return Math.sqrt(sq / k);
    }

    /** β(s) = exp(head) per state for the {@code ggd} loss, σ(s) = exp(head) for {@code gaussian_nll}; NaN for mse. */
    public double[] shapes() {
        double[] out = new double[mdp.states()];
        Tensor o = outputs();
        for (int s = 0; s < out.length; s++) {
            out[s] = loss.outputs() < 2 ? Double.NaN : Math.exp(o.get(s, 1));
        }
        return out;
    }
}
