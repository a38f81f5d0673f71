package dev.gradus.optim.combine;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.Map;

/**
 * Skips steps whose gradients contain a NaN or an infinity, and counts them: the update is zero, the
 * parameters and the inner state are left as they were. After {@code max_consecutive_errors} skips in
 * a row the next step is taken anyway, so that a run that has truly diverged shows it.
 *
 * <p>Deviation from {@code optax.apply_if_finite}: optax tests the inner optimizer's output and rolls
 * the inner state back; Gradus advances state in place, so the test is on the incoming gradients,
 * before the inner state is touched. A non-finite update from finite gradients (an overflow inside the
 * optimizer) is not caught.
 */
public final class ApplyIfFinite extends Configurable<ApplyIfFinite> {

    /** Spec: {@code apply_if_finite(inner, max_consecutive_errors=5)}. */
    public static final Descriptor<ApplyIfFinite> SPEC = Descriptor
            .builder("apply_if_finite", Descriptor.Kind.WRAPPER, ApplyIfFinite::new)
            .summary("skip (and count) steps whose gradients are not finite")
            .reference("optax.apply_if_finite")
            .param(Param.transform("inner", "the optimizer to protect"))
            .param(Param.integer("max_consecutive_errors", 5L, "skips in a row before a step is taken anyway")
                    .range(Range.atLeast(0)))
            .build();

    /** Skips in a row, skips in total, and the inner state. */
    public record State(Counter notFiniteCount, Counter totalNotFinite, OptState inner) implements OptState {}

    private final GradientTransformation inner;
    private final long maxConsecutive;

    /** From validated hyperparameters; use {@code Transforms.applyIfFinite}. */
    public ApplyIfFinite(Hyperparams hp) {
        super(hp);
        this.inner = hp.transform("inner");
        this.maxConsecutive = hp.integer("max_consecutive_errors");
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), new Counter(), inner.init(params));
    }

    /** True when the step goes ahead; otherwise counts the skip. */
    private boolean admit(TensorMap grads, State s) {
        boolean finite = true;
        for (String name : grads.names()) {
            double[] g = grads.get(name).data();
            for (double v : g) {
                finite &= Double.isFinite(v);
            }
        }
        if (finite) {
            s.notFiniteCount().set(0);
            return true;
        }
        s.totalNotFinite().increment();
        if (s.notFiniteCount().get() >= maxConsecutive) {
            s.notFiniteCount().set(0);
            return true;
        }
        s.notFiniteCount().increment();
        return false;
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        if (admit(updates, s)) {
            inner.update(updates, s.inner(), params, ctx.child("inner"));
        } else {
            for (String name : updates.names()) {
                java.util.Arrays.fill(updates.get(name).data(), 0.0);
            }
        }
    }

    @Override
    public void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        State s = (State) state;
        if (admit(grads, s)) {
            inner.step(params, grads, s.inner(), ctx.child("inner"));
        }
    }

    /** The inner optimizer's hyperparameters, prefixed {@code inner/}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        return withChild(Map.of(), "inner", inner, ((State) state).inner());
    }
}
