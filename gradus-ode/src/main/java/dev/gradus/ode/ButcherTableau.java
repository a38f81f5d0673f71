package dev.gradus.ode;

import java.util.Arrays;

/**
 * An embedded explicit Runge-Kutta pair: nodes {@code c}, the strictly lower-triangular matrix {@code a}, the weights
 * {@code b} of the propagated solution and the error weights {@code e = b - b_hat} of the embedded one.
 *
 * <pre>
 *   k_i     = f(t + c_i h, y + h sum_{j&lt;i} a_ij k_j)          i = 1..s
 *   y_new   = y + h sum_i b_i k_i
 *   err     = h sum_i e_i k_i                                (y_new minus the embedded solution)
 * </pre>
 *
 * <p>Both built-in pairs are FSAL ("first same as last"): the last row of {@code a} equals {@code b} and
 * {@code c_s = 1}, so the last stage is {@code f(t + h, y_new)} and serves as the next step's first stage; an
 * accepted step then costs {@code s - 1} evaluations.
 *
 * @param name  a display name
 * @param c     nodes, {@code c[0] = 0}
 * @param a     stage coefficients; row {@code i} has {@code i} entries
 * @param b     weights of the propagated solution
 * @param e     error weights {@code b - b_hat}
 * @param order the order of the propagated solution (the controller's exponent is {@code -1/order})
 */
public record ButcherTableau(String name, double[] c, double[][] a, double[] b, double[] e, int order) {

    /** Checks the shapes: {@code s} stages, row {@code i} of {@code a} of length {@code i}. */
    public ButcherTableau {
        int s = c.length;
        if (s < 2 || b.length != s || e.length != s || a.length != s) {
            throw new IllegalArgumentException("ButcherTableau " + name + ": c, a, b and e must all have " + s
                    + " stages, got c " + c.length + ", a " + a.length + ", b " + b.length + ", e " + e.length);
        }
        for (int i = 0; i < s; i++) {
            if (a[i].length != i) {
                throw new IllegalArgumentException("ButcherTableau " + name + ": row " + i + " of a must have " + i
                        + " entries, got " + a[i].length);
            }
        }
        if (order < 1) {
            throw new IllegalArgumentException("ButcherTableau " + name + ": order must be >= 1, got " + order);
        }
    }

    /** The number of stages {@code s}. */
    public int stages() {
        return c.length;
    }

    /** True when the last stage is evaluated at the new solution ({@code a[s-1] == b}, {@code c[s-1] == 1}). */
    public boolean fsal() {
        int s = stages();
        return c[s - 1] == 1.0 && Arrays.equals(a[s - 1], Arrays.copyOf(b, s - 1)) && b[s - 1] == 0.0;
    }

    /**
     * Dormand-Prince 5(4), the pair behind MATLAB's {@code ode45}, torchdiffeq's {@code dopri5} and Hipparchus'
     * {@code DormandPrince54Integrator}. Reference: J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta
     * formulae", J. Comp. Appl. Math. 6 (1980) 19-26.
     */
    public static ButcherTableau dormandPrince54() {
        double[] b = {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0};
        double[] bHat = {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40};
        double[][] a = {
            {},
            {1.0 / 5},
            {3.0 / 40, 9.0 / 40},
            {44.0 / 45, -56.0 / 15, 32.0 / 9},
            {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
            {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
            {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84},
        };
        double[] e = new double[7];
        for (int i = 0; i < 7; i++) {
            e[i] = b[i] - bHat[i];
        }
        return new ButcherTableau("dopri5", new double[] {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1}, a, b, e, 5);
    }

    /**
     * Tsitouras 5(4) ("Tsit5"), the default explicit solver of DifferentialEquations.jl, with the coefficients and
     * error weights of OrdinaryDiffEq.jl's {@code tsit_tableaus.jl}. Reference: Ch. Tsitouras, "Runge-Kutta pairs of
     * order 5(4) satisfying only the first column simplifying assumption", Comput. Math. Appl. 62 (2011) 770-775.
     */
    public static ButcherTableau tsit5() {
        double[][] a = {
            {},
            {0.161},
            {-0.008480655492356989, 0.335480655492357},
            {2.897153057105493, -6.359448489975075, 4.3622954328695815},
            {5.325864828439257, -11.748883564062828, 7.4955393428898365, -0.09249506636175525},
            {5.86145544294642, -12.92096931784711, 8.159367898576159, -0.071584973281401, -0.028269050394068383},
            {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081, 2.324710524099774},
        };
        double[] b = {0.09646076681806523, 0.01, 0.4798896504144996, 1.379008574103742, -3.290069515436081,
            2.324710524099774, 0};
        double[] e = {-0.00178001105222577714, -0.0008164344596567469, 0.007880878010261995, -0.1447110071732629,
            0.5823571654525552, -0.45808210592918697, 1.0 / 66};
        return new ButcherTableau("tsit5", new double[] {0, 0.161, 0.327, 0.9, 0.9800255409045097, 1, 1}, a, b, e, 5);
    }

    @Override
    public String toString() {
        return name + " (" + stages() + " stages, order " + order + ")";
    }
}
