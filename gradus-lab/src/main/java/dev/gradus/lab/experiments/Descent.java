package dev.gradus.lab.experiments;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Objective;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The optimization loop of the optimizer experiments: a library optimizer takes {@code steps} steps on an
 * {@link Objective}, and an observer sees the parameters after each step. Every step offers the objective at any
 * point, so optimizers that evaluate it themselves (SAM, L-BFGS) run like the others.
 */
final class Descent {
    private Descent() {}

    /** Sees the parameters after each step and may stop the run. */
    @FunctionalInterface
    interface Observer {
        /**
         * Called after step {@code t} (1-based) with the current parameters.
         *
         * @return false to stop the run here
         */
        boolean after(int t, TensorMap params);
    }

    /**
     * Runs {@code optimizer} on {@code params} (updated in place) for at most {@code steps} steps.
     *
     * @return the number of steps taken
     */
    static int run(GradientTransformation optimizer, TensorMap params, Objective objective, int steps,
                   Observer observer) {
        OptState state = optimizer.init(params);
        for (int t = 1; t <= steps; t++) {
            optimizer.step(params, objective, state);
            if (!observer.after(t, params)) {
                return t;
            }
        }
        return steps;
    }

    /**
     * An objective whose gradient comes from reverse-mode autodiff of {@code loss}, a function of the named
     * parameters as {@link Var}s (the same names as the {@code TensorMap} the optimizer steps on).
     */
    static Objective autodiff(Function<Map<String, Var>, Var> loss) {
        return (params, grad) -> {
            Map<String, Var> vars = vars(params);
            Var value = loss.apply(vars);
            TensorMap g = Autodiff.grad(value, vars);
            for (String name : params.names()) {
                grad.get(name).assign(g.get(name));
            }
            return value.item();
        };
    }

    /** The parameters as graph leaves that require grad, sharing their tensors. */
    static Map<String, Var> vars(TensorMap params) {
        Map<String, Var> vars = new LinkedHashMap<>();
        for (String name : params.names()) {
            vars.put(name, Var.param(params.get(name)));
        }
        return vars;
    }

    /** One named parameter holding a copy of {@code values} in the given shape. */
    static TensorMap param(String name, double[] values, int... shape) {
        return TensorMap.of(name, Tensor.of(values.clone(), shape));
    }
}
