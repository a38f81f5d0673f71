package dev.gradus.robust.inversion;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.optimizer.Adam;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Projected Adam on one tensor, the inner loop of every inversion stage: {@code v <- Pi(v - Adam(grad R(v)))} for
 * {@code iterations} steps, keeping the iterate with the lowest objective seen (GIFD keeps the best output).
 */
public final class ProjectedAdam {
    private ProjectedAdam() {}

    /** What a run found: the best point and its objective. */
    public record Result(Tensor best, double objective) {}

    /**
     * Minimises {@code objective} from {@code start} (not modified) with Adam at {@code lr}; {@code project} (may be
     * null) maps the iterate in place onto the feasible set after each step.
     */
    public static Result minimize(Tensor start, Function<Var, Var> objective, int iterations, double lr,
            Consumer<Tensor> project) {
        if (iterations < 1 || !(lr > 0)) {
            throw new IllegalArgumentException("ProjectedAdam: need iterations >= 1 and lr > 0, got " + iterations + ", "
                    + lr);
        }
        Adam adam = Optimizers.adam().lr(lr);
        Tensor v = start.copy();
        TensorMap params = TensorMap.of("v", v);
        OptState state = adam.init(params);
        Tensor best = v.copy();
        double bestValue = Double.POSITIVE_INFINITY;
        for (int it = 0; it <= iterations; it++) {
            Var leaf = Var.leaf(v, true);
            Var r = objective.apply(leaf);
            double value = r.item();
            if (value < bestValue) {
                bestValue = value;
                best = v.copy();
            }
            if (it == iterations) {
                break;
            }
            Tensor g = Autodiff.grad(r, List.of(leaf)).get(0);
            adam.step(params, TensorMap.of("v", g), state);
            if (project != null) {
                project.accept(v);
                v.markModified();
            }
        }
        return new Result(best, bestValue);
    }
}
