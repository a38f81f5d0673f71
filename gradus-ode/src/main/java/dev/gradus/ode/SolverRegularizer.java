package dev.gradus.ode;

import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import java.util.List;

/**
 * A penalty computed from an adaptive solve's internal heuristics, added to the task loss so that the learned dynamics
 * become cheaper to integrate. References: A. Pal, Y. Ma, V. Shah, C. Rackauckas, "Opening the Blackbox: Accelerating
 * Neural Differential Equations by Regularizing Internal Solver Heuristics", ICML 2021 (global); A. Pal, A. Edelman,
 * C. Rackauckas, "Locally Regularized Neural Differential Equations: Some Black Boxes Were Meant to Remain Closed!",
 * ICML 2023 (local).
 *
 * <pre>
 *   global error      R_E = sum_{accepted j} EEst_j |h_j|        (gradients through every step's stages)
 *   global stiffness  R_S = sum_{accepted j} stiff_j |h_j|
 *   local error       R_L = EEst(t_1) |h(t_1)|                   one step from z(t_1), z(t_1) a constant
 * </pre>
 * For the local penalty, {@link Sampling#BIASED} picks one of the accepted steps uniformly and restarts at its start
 * state with its size; {@link Sampling#UNBIASED} draws {@code t_1} uniformly in {@code [t0, t_end]}, reaches
 * {@code z(t_1)} without a graph by a partial step from the accepted step that contains it, and takes one step of that
 * step's size (the controller's proposal there). Either way the gradient flows only through one step's stages.
 */
public interface SolverRegularizer {

    /** How the local regulariser places its step. */
    enum Sampling {
        /** {@code t_1} uniform in the time span. */
        UNBIASED,
        /** {@code t_1} uniform over the accepted steps' start times. */
        BIASED
    }

    /** The penalty of solution {@code sol}; {@code random} places a local step. */
    Var penalty(OdeSolution sol, RandomStream random);

    /** The function evaluations the penalty itself made (0 for the global ones, which reuse the solve's stages). */
    default int evaluations(OdeSolution sol) {
        return 0;
    }

    /** A short name, such as {@code global_error}. */
    String describe();

    /** No penalty. */
    static SolverRegularizer none() {
        return new SolverRegularizer() {
            public Var penalty(OdeSolution sol, RandomStream random) {
                return Var.scalar(0);
            }

            public String describe() {
                return "none";
            }
        };
    }

    /** The global error penalty {@code R_E}. */
    static SolverRegularizer globalError() {
        return new SolverRegularizer() {
            public Var penalty(OdeSolution sol, RandomStream random) {
                return sol.errorPenalty();
            }

            public String describe() {
                return "global_error";
            }
        };
    }

    /** The global stiffness penalty {@code R_S}. */
    static SolverRegularizer globalStiffness() {
        return new SolverRegularizer() {
            public Var penalty(OdeSolution sol, RandomStream random) {
                return sol.stiffnessPenalty();
            }

            public String describe() {
                return "global_stiffness";
            }
        };
    }

    /** The local error penalty {@code R_L} of one step placed by {@code sampling}. */
    static SolverRegularizer localError(Sampling sampling) {
        return new SolverRegularizer() {
            public Var penalty(OdeSolution sol, RandomStream random) {
                List<RkStep> steps = sol.steps();
                EmbeddedRungeKutta solver = sol.solver();
                VectorField f = sol.field();
                RkStep at;
                double t;
                Var start;
                if (sampling == Sampling.BIASED) {
                    at = steps.get(random.nextInt(steps.size()));
                    t = at.t();
                    start = at.y().detach();
                } else {
                    double[] times = sol.times();
                    t = random.uniform(times[0], times[times.length - 1]);
                    int j = 0;
                    while (j < steps.size() - 1 && steps.get(j + 1).t() <= t) {
                        j++;
                    }
                    at = steps.get(j);
                    start = at.y().detach();
                    if (t > at.t()) {
                        try (GradMode.Scope ignored = GradMode.noGrad()) {
                            start = solver.step(f, at.t(), start, t - at.t(), null).yNext().detach();
                        }
                    }
                }
                RkStep one = solver.step(f, t, start, at.h(), null);
                return one.errorEstimate().mul(at.h());
            }

            public int evaluations(OdeSolution sol) {
                int s = sol.solver().tableau().stages();
                return sampling == Sampling.BIASED ? s : 2 * s;
            }

            public String describe() {
                return sampling == Sampling.BIASED ? "local_error_biased" : "local_error_unbiased";
            }
        };
    }
}
