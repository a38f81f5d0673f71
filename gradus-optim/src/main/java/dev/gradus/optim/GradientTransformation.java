package dev.gradus.optim;

import dev.gradus.tensor.TensorMap;
import java.util.Map;

/**
 * A gradient transformation in the style of optax: {@code init(params) -> state} and
 * {@code update(grads, state, params) -> updates}, composed with {@code chain}, {@code masked},
 * {@code partition} and friends.
 *
 * <p>Two departures from optax, both for speed on the JVM: the state is created once by {@link #init}
 * and then advanced <em>in place</em>, and {@link #update} overwrites the gradient map with the updates
 * instead of allocating a new one. All state still lives in the {@link OptState}; a transformation
 * object holds only its hyperparameters and is immutable, so one instance may serve many states.
 *
 * <p>Parameters, gradients, updates and state are all keyed by parameter name.
 */
public interface GradientTransformation {

    /** Creates the full state for {@code params}, eagerly: every slot exists before the first step. */
    OptState init(TensorMap params);

    /**
     * Transforms {@code updates} (on entry the gradients) in place into the updates that
     * {@link #apply} adds to the parameters, and advances {@code state}. {@code params} are the current
     * parameters; transformations that do not need them ignore them.
     */
    void update(TensorMap updates, OptState state, TensorMap params);

    /**
     * One optimizer step: {@code params += update(grads)}. {@code grads} is consumed as scratch space.
     * Built-in optimizers override this with a single fused pass; a contract test proves it equal to
     * {@code update} followed by {@link #apply}.
     */
    default void step(TensorMap params, TensorMap grads, OptState state) {
        update(grads, state, params);
        apply(params, grads);
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
