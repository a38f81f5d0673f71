package dev.gradus.rl.policy;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.rl.env.ActionSpace;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stochastic policy π_θ(a|s) whose parameters θ are a {@link Module}'s: a network maps a batch of observations to
 * the parameters of an action distribution (the "head"), and the subclass gives that distribution's sampling,
 * log-density, entropy and KL divergence, all written with autodiff ops so that score functions ∇ log π, their
 * Hessian-vector products and KL gradients come from autodiff.
 *
 * <p>Every method that takes {@code at} evaluates the policy at those parameter values (a functional call, the
 * module's own tensors untouched); {@code null} means the module's own parameters. The returned vars depend on the
 * vars of {@link #bind(TensorMap, boolean)} when asked to be differentiable.
 *
 * <p>Observations are {@code [n, d]} tensors, actions {@code [n, k]} ({@code k = 1} holds a discrete index).
 */
public abstract class Policy {
    /** The network. */
    protected final Module net;
    private final int observationSize;
    private final ActionSpace space;

    /** A policy computed by {@code net} for observations of size {@code observationSize}. */
    protected Policy(Module net, int observationSize, ActionSpace space) {
        this.net = net;
        this.observationSize = observationSize;
        this.space = space;
    }

    /** The network whose parameters are θ. */
    public final Module module() {
        return net;
    }

    /** θ: the live trainable parameters, by name. */
    public final TensorMap parameters() {
        return net.namedParameters();
    }

    /** The observation size. */
    public final int observationSize() {
        return observationSize;
    }

    /** The action space. */
    public final ActionSpace actionSpace() {
        return space;
    }

    /** The number of columns of an action tensor: 1 for discrete, the box size otherwise. */
    public final int actionDim() {
        return space.dim();
    }

    /**
     * Vars for the parameter values {@code at}: fresh leaves that require grad when {@code differentiable} (so
     * {@link Autodiff#grad} can take the gradient with respect to them), constants otherwise.
     */
    public final Map<String, Var> bind(TensorMap at, boolean differentiable) {
        Map<String, Var> out = new LinkedHashMap<>();
        at.forEach((name, t) -> out.put(name, differentiable ? Var.param(t) : Var.constant(t)));
        return out;
    }

    /** The head for observations {@code obs} with the parameters bound to {@code params} (null: the module's own). */
    public final Var head(Map<String, Var> params, Var obs) {
        return params == null ? net.forward(obs) : net.call(params, obs);
    }

    /** The head's values at {@code at} (null: the module's own), without a graph: the frozen "old" policy of PPO and MDPO. */
    public final Tensor headValues(TensorMap at, Tensor obs) {
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            return head(at == null ? null : bind(at, false), Var.constant(obs)).value();
        }
    }

    /** log π(a_i|s_i) for each row, as an [n] var, from the head. */
    public abstract Var logProb(Var head, Tensor actions);

    /** The entropy of π(·|s_i) for each row, as an [n] var. */
    public abstract Var entropy(Var head);

    /** KL(π_new(·|s_i) ‖ π_old(·|s_i)) for each row, from the new head (a var) and the old head's values. */
    public abstract Var kl(Var head, Tensor oldHead);

    /** Draws one action per row of the head's values into {@code out} ({@code [n × k]} row-major). */
    protected abstract void sample(Tensor head, RandomStream rng, double[] out);

    /** The most likely action per row (argmax, or the mean), for greedy evaluation. */
    protected abstract void mode(Tensor head, double[] out);

    /** log π_at(a|s) per row, differentiable with respect to {@code params} ({@link #bind}). */
    public final Var logProb(Map<String, Var> params, Tensor obs, Tensor actions) {
        return logProb(head(params, Var.constant(obs)), actions);
    }

    /**
     * Actions for the observations {@code obs} ({@code [n × d]} row-major) at parameters {@code at} (null: the
     * module's own), drawn from {@code rng}, written into {@code out} ({@code [n × k]}); {@code greedy} takes the mode.
     */
    public final void act(TensorMap at, double[] obs, int n, RandomStream rng, boolean greedy, double[] out) {
        if (obs.length != n * observationSize) {
            throw new IllegalArgumentException("policy: " + obs.length + " observation values for " + n + " rows of "
                    + observationSize);
        }
        Tensor head = headValues(at, Tensor.of(obs.clone(), n, observationSize));
        if (greedy) {
            mode(head, out);
        } else {
            sample(head, rng, out);
        }
    }

    /** A one-hot or row tensor of actions from the flat {@code [n × k]} array. */
    public final Tensor actionTensor(double[] actions, int n) {
        return Tensor.of(actions.clone(), n, actionDim());
    }
}
