package dev.gradus.ode;

import dev.gradus.autodiff.Var;
import java.util.List;

/**
 * The result of {@link EmbeddedRungeKutta#solve}: the states at the requested times, every accepted step, and the
 * cost counters. The states and each step's error and stiffness estimates are graph nodes: their gradients are
 * those of the discrete solve.
 *
 * @param times       the requested times, {@code times[0] = t0}
 * @param states      the state at each requested time ({@code states.get(0)} is the initial state)
 * @param steps       the accepted steps, in order
 * @param evaluations the number of evaluations of {@code f} (NFE), rejected steps and the first-step estimate included
 * @param rejected    the number of rejected steps
 * @param field       the vector field solved
 * @param solver      the solver used
 */
public record OdeSolution(double[] times, List<Var> states, List<RkStep> steps, int evaluations, int rejected,
                          VectorField field, EmbeddedRungeKutta solver) {

    /** The state at the last requested time. */
    public Var last() {
        return states.get(states.size() - 1);
    }

    /** The number of accepted steps. */
    public int accepted() {
        return steps.size();
    }

    /** The sum over accepted steps of {@code EEst_j * |h_j|}: the global error regulariser {@code R_E}. */
    public Var errorPenalty() {
        Var sum = null;
        for (RkStep s : steps) {
            Var term = s.errorEstimate().mul(Math.abs(s.h()));
            sum = sum == null ? term : sum.add(term);
        }
        return sum == null ? Var.scalar(0) : sum;
    }

    /** The sum over accepted steps of {@code stiffness_j * |h_j|}: the global stiffness regulariser {@code R_S}. */
    public Var stiffnessPenalty() {
        Var sum = null;
        for (RkStep s : steps) {
            if (s.stiffness() == null) {
                throw new IllegalStateException("OdeSolution: " + solver.tableau().name()
                        + " gives no stiffness estimate");
            }
            Var term = s.stiffness().mul(Math.abs(s.h()));
            sum = sum == null ? term : sum.add(term);
        }
        return sum == null ? Var.scalar(0) : sum;
    }
}
