package dev.gradus.ode;

import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import java.util.List;

/**
 * The one solver step of the local regulariser (Pal, Edelman, Rackauckas, ICML 2023): a time {@code t_1}, the state
 * {@code z(t_1)} as a constant of the graph, and the step size the controller used there. Its penalty
 * <pre>
 *   R_L = EEst(one step of size h from (t_1, z(t_1))) * h
 * </pre>
 * is differentiated through that step's stages only, so its backward pass costs one step whatever the length of the
 * solve, and the solve itself may use any gradient method (here: any {@link OdeSolution}).
 *
 * <p>{@link #sample} places the step from a random stream, so the same stream gives the same step:
 * <ul>
 *   <li>{@link SolverRegularizer.Sampling#BIASED}: one of the accepted steps, uniformly; {@code t_1} is its start, the
 *       size its own (the step is repeated exactly; {@code stages} evaluations);</li>
 *   <li>{@link SolverRegularizer.Sampling#UNBIASED}: {@code t_1} uniform in {@code [t0, t_end]}; {@code z(t_1)} is
 *       reached without a graph by a partial step of the accepted step {@code [t_j, t_j + h_j)} that contains
 *       {@code t_1}, and the step has size {@code h_j}, the controller's choice there ({@code 2 * stages}
 *       evaluations, {@code stages} when {@code t_1 = t_j}).</li>
 * </ul>
 *
 * <p>The step size follows the paper's text (the controller's step there). The authors' code (LocalRegNeuralDE.jl)
 * instead starts a fresh integrator at {@code z(t_1)}, whose first step is the solver's initial-step guess.
 *
 * <pre>{@code
 * LocalStep at = LocalStep.sample(sol, Sampling.UNBIASED, RandomStream.of(7));
 * Var penalty = at.penalty(sol.solver(), sol.field());     // gradient through one step's stages
 * }</pre>
 *
 * @param t           the start time {@code t_1}
 * @param start       {@code z(t_1)}, detached from the solve's graph
 * @param h           the step size
 * @param evaluations the evaluations of {@code f} made to reach {@code start} plus those of the step itself
 */
public record LocalStep(double t, Var start, double h, int evaluations) {

    /** Checks the fields. */
    public LocalStep {
        if (start == null) {
            throw new IllegalArgumentException("LocalStep: start must not be null");
        }
        if (!(h > 0) || !Double.isFinite(h) || !Double.isFinite(t)) {
            throw new IllegalArgumentException("LocalStep: need a finite t and a positive finite h, got t = " + t
                    + ", h = " + h);
        }
    }

    /** Places the local step in {@code sol} by {@code sampling}, drawing from {@code random}. */
    public static LocalStep sample(OdeSolution sol, SolverRegularizer.Sampling sampling, RandomStream random) {
        if (sol == null || sampling == null || random == null) {
            throw new IllegalArgumentException("LocalStep.sample: solution, sampling and random must not be null");
        }
        List<RkStep> steps = sol.steps();
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("LocalStep.sample: the solution has no accepted step");
        }
        EmbeddedRungeKutta solver = sol.solver();
        int s = solver.tableau().stages();
        if (sampling == SolverRegularizer.Sampling.BIASED) {
            RkStep at = steps.get(random.nextInt(steps.size()));
            return new LocalStep(at.t(), at.y().detach(), at.h(), s);
        }
        double[] times = sol.times();
        double t = random.uniform(times[0], times[times.length - 1]);
        int j = 0;
        while (j < steps.size() - 1 && steps.get(j + 1).t() <= t) {
            j++;
        }
        RkStep at = steps.get(j);
        Var start = at.y().detach();
        int evaluations = s;
        if (t > at.t()) {
            try (GradMode.Scope ignored = GradMode.noGrad()) {
                start = solver.step(sol.field(), at.t(), start, t - at.t(), null).yNext().detach();
            }
            evaluations += s;
        }
        return new LocalStep(t, start, at.h(), evaluations);
    }

    /** Takes the step with {@code solver} on {@code f}; its stages are graph nodes (f's parameters get gradients). */
    public RkStep take(EmbeddedRungeKutta solver, VectorField f) {
        return solver.step(f, t, start, h, null);
    }

    /** {@code EEst * h} of the step: the local error penalty {@code R_L}. */
    public Var penalty(EmbeddedRungeKutta solver, VectorField f) {
        return take(solver, f).errorEstimate().mul(h);
    }
}
