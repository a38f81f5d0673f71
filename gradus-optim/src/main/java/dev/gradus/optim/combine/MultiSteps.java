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
 * Gradient accumulation: sums the gradients of {@code every_k} calls and, on the k-th, hands their mean
 * to the inner optimizer; the other calls produce zero updates (and {@code step} leaves the parameters
 * alone). With a loss averaged over each micro-batch this is one step on a k times larger batch.
 *
 * <pre>
 * a &larr; a + g                         (every call)
 * on call k:  u = inner(a / k);  a &larr; 0
 * </pre>
 *
 * Reference: {@code optax.MultiSteps} (which keeps a running mean instead of a sum; the sum divided once
 * rounds less).
 */
public final class MultiSteps extends Configurable<MultiSteps> {

    /** Spec: {@code multi_steps(inner, every_k=2)}. */
    public static final Descriptor<MultiSteps> SPEC = Descriptor
            .builder("multi_steps", Descriptor.Kind.WRAPPER, MultiSteps::new)
            .summary("gradient accumulation: the inner optimizer steps on the mean of every_k gradients")
            .reference("optax.MultiSteps")
            .param(Param.transform("inner", "the optimizer to step every every_k calls"))
            .param(Param.integer("every_k", 2L, "number of gradients per inner step").range(Range.atLeast(1)))
            .build();

    /** Calls since the last inner step, inner steps taken, the running sum, and the inner state. */
    public record State(Counter miniStep, Counter gradientStep, TensorMap accumulated, OptState inner)
            implements OptState {}

    private final GradientTransformation inner;
    private final long everyK;

    /** From validated hyperparameters; use {@code Transforms.multiSteps}. */
    public MultiSteps(Hyperparams hp) {
        super(hp);
        this.inner = hp.transform("inner");
        this.everyK = hp.integer("every_k");
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), new Counter(), params.zerosLike(), inner.init(params));
    }

    /** Adds {@code grads} to the sum; on the k-th call replaces {@code grads} by the mean and returns true. */
    private boolean accumulate(TensorMap grads, State s) {
        boolean last = s.miniStep().get() + 1 == everyK;
        double k = everyK;
        for (String name : grads.names()) {
            double[] g = grads.get(name).data();
            double[] a = s.accumulated().get(name).data();
            for (int i = 0; i < g.length; i++) {
                double sum = a[i] + g[i];
                if (last) {
                    g[i] = sum / k;
                    a[i] = 0.0;
                } else {
                    a[i] = sum;
                    g[i] = 0.0;
                }
            }
        }
        if (last) {
            s.miniStep().set(0);
            s.gradientStep().increment();
        } else {
            s.miniStep().increment();
        }
        return last;
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        State s = (State) state;
        if (accumulate(updates, s)) {
            inner.update(updates, s.inner(), params, ctx.child("inner"));
        }
    }

    @Override
    public void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        State s = (State) state;
        if (accumulate(grads, s)) {
            inner.step(params, grads, s.inner(), ctx.child("inner"));
        }
    }

    /** The inner optimizer's hyperparameters, prefixed {@code inner/}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        return withChild(Map.of(), "inner", inner, ((State) state).inner());
    }
}
