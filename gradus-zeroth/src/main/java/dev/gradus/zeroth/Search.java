package dev.gradus.zeroth;

import dev.gradus.tensor.Tensor;

/**
 * The ask-evaluate-tell loop with a budget of evaluations. A batch that would overrun the budget is not asked for,
 * so a run spends at most its budget; {@link #run} stops early when the method reports
 * {@linkplain AskTell#converged convergence}. Resuming is loading the state and calling {@link #run} again with the
 * same budget: the loop has no state of its own.
 *
 * @param <S> the method's state
 */
public final class Search<S extends SearchState> {

    /** Called after every generation, with the state just told. */
    @FunctionalInterface
    public interface Listener<S> {
        /** One generation was told; {@code values} are its values ([n, m]). */
        void generation(S state, Tensor values);
    }

    private final AskTell<S> method;
    private final Problem problem;
    private final Evaluator evaluator;

    /** A loop of {@code method} on {@code problem}, evaluating with {@code evaluator}. */
    public Search(AskTell<S> method, Problem problem, Evaluator evaluator) {
        if (problem.objectives() > method.maxObjectives()) {
            throw new IllegalArgumentException(method + " handles " + (method.maxObjectives() == 1 ? "one objective"
                    : "at most " + method.maxObjectives() + " objectives") + ", but " + problem.name() + " has "
                    + problem.objectives() + "; use a multi-objective method such as nsga2()");
        }
        this.method = method;
        this.problem = problem;
        this.evaluator = evaluator;
    }

    /** The method's first state for this problem. */
    public S start(long seed) {
        return method.init(problem.box(), problem.objectives(), seed);
    }

    /**
     * One generation: ask, evaluate, tell. Returns the values told, or null (and changes nothing) when the batch would
     * take the evaluations past {@code budget}.
     */
    public Tensor step(S state, long budget) {
        Tensor x = method.ask(state);
        if (state.progress().evaluations().get() + x.dim(0) > budget) {
            return null;
        }
        Tensor f = evaluator.evaluate(problem, x);
        method.tell(state, f);
        return f;
    }

    /** Generations until the budget or the method's own stopping rule ends the run; returns the state. */
    public S run(S state, long budget, Listener<S> listener) {
        while (!method.converged(state)) {
            Tensor f = step(state, budget);
            if (f == null) {
                break;
            }
            if (listener != null) {
                listener.generation(state, f);
            }
        }
        return state;
    }
}
