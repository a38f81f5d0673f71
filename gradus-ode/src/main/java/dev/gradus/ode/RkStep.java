package dev.gradus.ode;

import dev.gradus.autodiff.Var;

/**
 * One Runge-Kutta step from {@code (t, y)} of size {@code h}, accepted or not.
 *
 * @param t           the start time
 * @param h           the step size (a constant of the graph: the controller is not differentiated)
 * @param y           the start state
 * @param yNext       the propagated solution at {@code t + h}
 * @param last        the last stage {@code f(t + h, yNext)} of an FSAL pair (the next step's first), else null
 * @param errorEstimate EEst, the RMS of the embedded error over {@code atol + rtol max(|y|, |yNext|)}; a scalar var
 * @param stiffness   the dominant-eigenvalue estimate {@code ||k_s - k_{s-1}|| / ||g_s - g_{s-1}||} of the last two
 *                    stages (both at {@code t + h}; OrdinaryDiffEq's {@code eigen_est}); a scalar var, or null for a
 *                    pair whose last two nodes differ
 * @param evaluations the evaluations of {@code f} this step made
 */
public record RkStep(double t, double h, Var y, Var yNext, Var last, Var errorEstimate, Var stiffness,
                     int evaluations) {

    /** The error estimate's value. */
    public double eest() {
        return errorEstimate.item();
    }
}
