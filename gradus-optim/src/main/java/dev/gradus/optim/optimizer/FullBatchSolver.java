package dev.gradus.optim.optimizer;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Configurable;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * What the full-batch solvers ({@link Lbfgs}, {@link NonlinearCg}) share as transformations: one step is a
 * whole run of iterations that starts from the gradient it is given and asks the step context for the loss and
 * gradient at every further point ({@link Capability#GRADIENT}).
 *
 * <p>{@code step} moves the parameters in place, exactly as the solver's reference does; {@code update} runs the
 * same iterations on a copy and returns the displacement {@code x_end − x}, for use inside a chain (adding it
 * back can round the last bit differently from {@code step}).
 *
 * @param <S> the concrete type, so that fluent setters return it
 */
public abstract class FullBatchSolver<S extends FullBatchSolver<S>> extends Configurable<S> {

    /** A solver with validated hyperparameters. */
    protected FullBatchSolver(Hyperparams hp) {
        super(hp);
    }

    /**
     * Runs one step's iterations, moving {@code params} in place, from {@code grad}, the gradient at
     * {@code params} (which the solver may use as scratch), evaluating further points through {@code ctx}.
     */
    protected abstract void minimize(TensorMap params, TensorMap grad, OptState state, StepContext ctx);

    /** The loss at entry: the context's, or one evaluation when the caller did not give it. */
    protected static double lossAtEntry(TensorMap params, StepContext ctx) {
        return Double.isNaN(ctx.loss()) ? ctx.lossAt(params) : ctx.loss();
    }

    @Override
    protected List<Requirement> ownRequirements() {
        return List.of(new Requirement(Capability.GRADIENT, descriptor().name(),
                "its line search and its iterations"));
    }

    @Override
    public final void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        TensorMap x = params.copy();
        minimize(x, updates.copy(), state, ctx);
        updates.forEach((name, u) -> {
            double[] ud = u.data();
            double[] xd = x.get(name).data();
            double[] pd = params.get(name).data();
            for (int i = 0; i < ud.length; i++) {
                ud[i] = xd[i] - pd[i];
            }
        });
    }

    @Override
    public final void step(TensorMap params, TensorMap grads, OptState state, StepContext ctx) {
        minimize(params, grads, state, ctx);
    }
}
