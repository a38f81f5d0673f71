package dev.gradus.optim;

import dev.gradus.tensor.TensorMap;
import java.util.List;
import java.util.Map;

/**
 * A gradient transformation in the style of optax: {@code init(params) -> state} and
 * {@code update(grads, state, params, ctx) -> updates}, composed with {@code chain}, {@code masked},
 * {@code partition} and friends.
 *
 * <p>Two departures from optax, both for speed on the JVM: the state is created once by {@link #init}
 * and then advanced <em>in place</em>, and {@link #update} overwrites the gradient map with the updates
 * instead of allocating a new one. All state still lives in the {@link OptState}; a transformation
 * object holds only its hyperparameters and is immutable, so one instance may serve many states.
 *
 * <p>The {@link StepContext} is optax's "extra arguments": what a step offers beyond the gradient (the
 * objective at any point, Hessian-vector products, per-example gradients, the step's random stream, the
 * worker). Every wrapper passes it on, so SAM, L-BFGS or a policy-gradient method composes like any other
 * transformation. What a transformation needs from it is declared by {@link #requirements()} and checked
 * by its caller before the first step ({@link Requirement#check}); no {@code update} fails for a missing
 * capability that was checked.
 *
 * <p>Parameters, gradients, updates and state are all keyed by parameter name.
 */
public interface GradientTransformation {

    /** Creates the full state for {@code params}, eagerly: every slot exists before the first step. */
    OptState init(TensorMap params);

    /**
     * Transforms {@code updates} (on entry the gradients at {@code params}) in place into the updates that
     * {@link #apply} adds to the parameters, and advances {@code state}. {@code params} are the current
     * parameters and {@code ctx} what the step offers beyond the gradient; transformations that do not need
     * them ignore them.
     */
    void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx);

    /** {@link #update(TensorMap, OptState, TensorMap, StepContext)} with nothing beyond the gradient. */
    default void update(TensorMap updates, OptState state, TensorMap params) {
        update(updates, state, params, StepContext.none());
    }

    /**
     * One optimizer step: {@code params += update(grads)}. {@code grads} is consumed as scratch space.
     * Built-in optimizers override this with a single fused pass; a contract test proves it equal to
     * {@code update} followed by {@link #apply}.
     */
    default void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        update(grads, state, params, ctx);
        apply(params, grads);
    }

    /** {@link #step(TensorMap, TensorMap, OptState, StepContext)} with nothing beyond the gradient. */
    default void step(TensorMap params, TensorMap grads, OptState state) {
        step(params, grads, state, StepContext.none());
    }

    /**
     * One step on a deterministic objective, like torch's {@code optimizer.step(closure)}: evaluates the loss and
     * gradient at {@code params}, takes the step with a context that offers the objective at any point
     * ({@link Capability#LOSS}, {@link Capability#GRADIENT}), and returns the loss at entry. This is how
     * full-batch solvers (L-BFGS, nonlinear CG) and SAM are driven outside a training loop.
     */
    default double step(TensorMap params, Objective objective, OptState state) {
        TensorMap grads = params.zerosLike();
        double loss = objective.evaluate(params, grads);
        step(params, grads, state, StepContext.builder().loss(loss).objective(objective).build());
        return loss;
    }

    /**
     * What this transformation, and every transformation it wraps, needs from the {@link StepContext}; empty
     * for those that work from the gradient alone. Callers check it with {@link Requirement#check}.
     */
    default List<Requirement> requirements() {
        return List.of();
    }

    /**
     * The current value of every scalar hyperparameter, by name, evaluated at the step counter in
     * {@code state}: the values the next update will use. Wrappers prefix their children's names with
     * the child's state path ({@code 1/lr} in a chain). Transformations without hyperparameters return
     * an empty map.
     */
    default Map<String, Double> hyperparams(OptState state) {
        return Map.of();
    }

    /** {@code params += updates}, by name; marks each parameter modified, so graphs that read it are refused. */
    static void apply(TensorMap params, TensorMap updates) {
        params.forEach((name, p) -> {
            double[] pd = p.data();
            double[] ud = updates.get(name).data();
            for (int i = 0; i < pd.length; i++) {
                pd[i] += ud[i];
            }
            p.markModified();
        });
    }
}
