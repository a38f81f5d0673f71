package dev.gradus.ode;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;

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
 * For the local penalty, {@link LocalStep#sample} places the step: {@link Sampling#BIASED} picks one of the accepted
 * steps uniformly and restarts at its start state with its size; {@link Sampling#UNBIASED} draws {@code t_1} uniformly
 * in {@code [t0, t_end]}, reaches {@code z(t_1)} without a graph by a partial step from the accepted step that contains
 * it, and takes one step of that step's size (the controller's proposal there). Either way the gradient flows only
 * through one step's stages.
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

    /**
     * The biased local error penalty weighted by the number {@code N} of accepted steps, so that its value is an
     * unbiased estimate of the global {@code R_E} and one {@code lambda} means the same for both:
     * <pre>
     *   N * EEst_J |h_J|,   J uniform over the N accepted steps:   E = sum_j EEst_j |h_j| = R_E
     * </pre>
     * The gradient still runs through the one step only: it is the global penalty's gradient without the paths through
     * earlier steps. (Time-uniform sampling has no such exact weight: EEst of a step restarted inside an accepted step
     * differs from that step's.)
     */
    static SolverRegularizer localErrorMatchingGlobal() {
        SolverRegularizer plain = localError(Sampling.BIASED);
        return new SolverRegularizer() {
            public Var penalty(OdeSolution sol, RandomStream random) {
                return plain.penalty(sol, random).mul(sol.accepted());
            }

            public int evaluations(OdeSolution sol) {
                return plain.evaluations(sol);
            }

            public String describe() {
                return "local_error_biased_matching_global";
            }
        };
    }

    /**
     * The local error penalty {@code R_L} of one step placed by {@code sampling} (see {@link LocalStep}); the
     * step's place is drawn from the stream passed to {@link #penalty}.
     */
    static SolverRegularizer localError(Sampling sampling) {
        if (sampling == null) {
            throw new IllegalArgumentException("SolverRegularizer.localError: sampling must not be null");
        }
        return new SolverRegularizer() {
            public Var penalty(OdeSolution sol, RandomStream random) {
                return LocalStep.sample(sol, sampling, random).penalty(sol.solver(), sol.field());
            }

            /** The step's stages, and for unbiased sampling the partial step that reaches z(t_1). */
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
