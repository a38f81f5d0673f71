package dev.gradus.optim.combine;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;

/**
 * Makes the hyperparameters of an optimizer visible in its state: after each step the value every
 * scalar hyperparameter had in that step is stored under {@code hyperparams/<name>} (for example
 * {@code hyperparams/lr}), so it is saved with the state, can be read by path, and can be logged.
 *
 * <p>In Gradus every scalar hyperparameter already takes a {@code Schedule}, so unlike
 * {@code optax.inject_hyperparams} this wrapper is not needed to schedule anything; it records. To
 * replace a hyperparameter by a schedule, use {@link #set} (or the optimizer's own setter):
 *
 * <pre>{@code
 * InjectHyperparams opt = Transforms.injectHyperparams(Optimizers.adam()).set("lr", Schedules.cosine(1e-3, 1000));
 * opt.hyperparams(state);                          // {"lr": value for the next step, "betas[0]": 0.9, ...}
 * StateTree.tensor(state, "hyperparams/lr");       // value used by the last step
 * }</pre>
 */
public final class InjectHyperparams extends Configurable<InjectHyperparams> {

    /** Spec: {@code inject_hyperparams(inner)}. */
    public static final Descriptor<InjectHyperparams> SPEC = Descriptor
            .builder("inject_hyperparams", Descriptor.Kind.WRAPPER, InjectHyperparams::new)
            .summary("record the hyperparameter values of each step in the state (hyperparams/<name>)")
            .reference("optax.inject_hyperparams")
            .param(Param.transform("inner", "the optimizer whose hyperparameters are recorded"))
            .build();

    /** Step count, the values used by the last step (scalars by name), and the inner state. */
    public record State(Counter count, TensorMap hyperparams, OptState inner) implements Counted {}

    private final GradientTransformation inner;

    /** From validated hyperparameters; use {@code Transforms.injectHyperparams}. */
    public InjectHyperparams(Hyperparams hp) {
        super(hp);
        this.inner = hp.transform("inner");
        if (!(inner instanceof Configurable<?>)) {
            throw new IllegalArgumentException("inject_hyperparams: " + inner.getClass().getName()
                    + " has no declared hyperparameters");
        }
    }

    /** The wrapped optimizer. */
    public GradientTransformation inner() {
        return inner;
    }

    /** A copy whose inner optimizer has {@code name} set to {@code value} (a number or a schedule). */
    public InjectHyperparams set(String name, Object value) {
        return with("inner", ((Configurable<?>) inner).with(name, value));
    }

    @Override
    public State init(TensorMap params) {
        OptState innerState = inner.init(params);
        TensorMap values = new TensorMap();
        inner.hyperparams(innerState).forEach((n, v) -> values.put(n, Tensor.scalar(v)));
        return new State(new Counter(), values, innerState);
    }

    private void record(State s) {
        inner.hyperparams(s.inner()).forEach((n, v) -> s.hyperparams().get(n).data()[0] = v);
        s.count().increment();
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        record(s);
        inner.update(updates, s.inner(), params, ctx.child("inner"));
    }

    @Override
    public void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        State s = (State) state;
        record(s);
        inner.step(params, grads, s.inner(), ctx.child("inner"));
    }

    /** The values the next step will use, by the inner optimizer's names (no prefix). */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        return inner.hyperparams(((State) state).inner());
    }
}
