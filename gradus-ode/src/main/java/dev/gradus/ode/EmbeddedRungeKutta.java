package dev.gradus.ode;

import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * An adaptive explicit Runge-Kutta solver with an embedded error estimate, differentiable by discrete sensitivities:
 * every stage is a node of the autodiff graph, so {@code backward()} through a solution gives the exact gradient
 * of the discrete solve (the gradients of JAX's or Zygote's AD through the solver; not of the continuous adjoint).
 *
 * <p>One step from {@code (t, y)} with size {@code h} (see {@link ButcherTableau}):
 * <pre>
 *   k_i    = f(t + c_i h, g_i),   g_i = y + h sum_{j&lt;i} a_ij k_j
 *   y_new  = y + h sum_i b_i k_i,   err = h sum_i e_i k_i
 *   EEst   = sqrt(mean((err / (atol + rtol max(|y|, |y_new|)))^2))
 *   stiff  = ||k_s - k_{s-1}|| / ||g_s - g_{s-1}||        (when c_s = c_{s-1}: a Lipschitz estimate of f near y_new)
 * </pre>
 * The step is accepted when {@code EEst < 1}; either way the next size is {@code h * factor(EEst)} (see
 * {@link StepControl}), capped by {@code maxStep} and clamped so that each requested output time is hit exactly.
 * The step sizes are numbers, not graph nodes: the controller is not differentiated (as in the papers on solver
 * regularisation, where differentiating it is named a mistake). The stiffness estimate is OrdinaryDiffEq.jl's
 * {@code eigen_est} for DP5 and Tsit5.
 *
 * <p>Defaults and checks follow Hipparchus' {@code EmbeddedRungeKuttaIntegrator}: the same controller, the same
 * first-step heuristic (Hairer's, one extra evaluation), the same error norm; {@code EmbeddedRungeKuttaTest} compares
 * solutions, accepted steps and evaluations with Hipparchus' Dormand-Prince 5(4).
 *
 * <pre>{@code
 * EmbeddedRungeKutta solver = new EmbeddedRungeKutta(ButcherTableau.tsit5(), StepControl.tolerances(1e-6, 1e-8));
 * OdeSolution sol = solver.solve((t, y) -> y.mul(-1.0), Var.param(Tensor.vector(1, 2)), new double[] {0, 1});
 * sol.last().sum().backward();                 // d y(1) / d y0 = exp(-1), by discrete sensitivities
 * System.out.println(sol.evaluations() + " evaluations, " + sol.accepted() + " steps");
 * }</pre>
 */
public final class EmbeddedRungeKutta {
    private final ButcherTableau tableau;
    private final StepControl control;
    private final boolean fsal;

    /** A solver with pair {@code tableau} and controller {@code control}. */
    public EmbeddedRungeKutta(ButcherTableau tableau, StepControl control) {
        if (tableau == null || control == null) {
            throw new IllegalArgumentException("EmbeddedRungeKutta: tableau and control must not be null");
        }
        this.tableau = tableau;
        this.control = control;
        this.fsal = tableau.fsal();
    }

    /** Dormand-Prince 5(4) with the default controller. */
    public static EmbeddedRungeKutta dopri5() {
        return new EmbeddedRungeKutta(ButcherTableau.dormandPrince54(), StepControl.defaults());
    }

    /** Tsit5 with the default controller. */
    public static EmbeddedRungeKutta tsit5() {
        return new EmbeddedRungeKutta(ButcherTableau.tsit5(), StepControl.defaults());
    }

    /** The pair. */
    public ButcherTableau tableau() {
        return tableau;
    }

    /** The controller's settings. */
    public StepControl control() {
        return control;
    }

    /** The same pair with another controller. */
    public EmbeddedRungeKutta withControl(StepControl other) {
        return new EmbeddedRungeKutta(tableau, other);
    }

    /**
     * One step of size {@code h} from {@code (t, y)}, whatever its error: the entry point of the local regulariser,
     * which restarts from a state and takes a single step. {@code first} is {@code f(t, y)} when already known (the
     * previous step's last stage of an FSAL pair), else null.
     */
    public RkStep step(VectorField f, double t, Var y, double h, Var first) {
        if (!(h > 0) || !Double.isFinite(h)) {
            throw new IllegalArgumentException("EmbeddedRungeKutta.step: h must be positive and finite, got " + h);
        }
        int s = tableau.stages();
        double[] c = tableau.c();
        double[][] a = tableau.a();
        Var[] k = new Var[s];
        int evaluations = 0;
        if (first == null) {
            k[0] = evaluate(f, t, y);
            evaluations++;
        } else {
            k[0] = first;
        }
        Var g = y;
        Var gPrev = y;
        double[] w = new double[s];
        for (int i = 1; i < s; i++) {
            for (int j = 0; j < i; j++) {
                w[j] = h * a[i][j];
            }
            gPrev = g;
            g = StageSum.of(y, w, k, i);
            k[i] = evaluate(f, t + c[i] * h, g);
            evaluations++;
        }
        Var yNext;
        if (fsal) {
            yNext = g; // the last stage is evaluated at y + h sum b_i k_i itself
        } else {
            for (int j = 0; j < s; j++) {
                w[j] = h * tableau.b()[j];
            }
            yNext = StageSum.of(y, w, k, s);
        }
        for (int j = 0; j < s; j++) {
            w[j] = h * tableau.e()[j];
        }
        Var err = StageSum.of(null, w, k, s);
        Var scale = y.abs().maximum(yNext.abs()).mul(control.rtol()).add(control.atol());
        Var eest = err.div(scale).square().mean().sqrt();
        Var stiffness = c[s - 1] == c[s - 2] ? k[s - 1].sub(k[s - 2]).norm().div(g.sub(gPrev).norm()) : null;
        return new RkStep(t, h, y, yNext, fsal ? k[s - 1] : null, eest, stiffness, evaluations);
    }

    /**
     * Integrates {@code dy/dt = f(t, y)} from {@code y(times[0]) = y0} and returns the state at every time in
     * {@code times} (strictly increasing, at least two), with the accepted steps and the cost.
     *
     * @throws IllegalArgumentException for bad times or a state of the wrong shape
     * @throws IllegalStateException    when the solve needs more than {@code maxSteps} steps, the step size underflows,
     *                                  (a non-finite step is rejected and shrunk, so a blow-up ends there)
     */
    public OdeSolution solve(VectorField f, Var y0, double[] times) {
        checkTimes(times);
        double t = times[0];
        Var y = y0;
        Var k1 = evaluate(f, t, y);
        int evaluations = 1;
        double h = control.initialStep();
        if (h == 0) {
            h = initialStep(f, t, y, k1);
            evaluations++;
        }
        h = Math.min(h, control.maxStep());
        List<Var> states = new ArrayList<>(times.length);
        states.add(y0);
        List<RkStep> steps = new ArrayList<>();
        int rejected = 0;
        for (int target = 1; target < times.length; target++) {
            double end = times[target];
            while (t < end) {
                if (steps.size() + rejected >= control.maxSteps()) {
                    throw new IllegalStateException("EmbeddedRungeKutta: more than " + control.maxSteps()
                            + " steps before t = " + end + " (reached t = " + t + " with h = " + h + ")");
                }
                double step = Math.min(h, control.maxStep());
                boolean hits = t + step >= end || end - (t + step) < 1e-12 * Math.max(1, Math.abs(end));
                if (hits) {
                    step = end - t;
                }
                RkStep trial = step(f, t, y, step, fsal ? k1 : null);
                evaluations += trial.evaluations();
                double eest = trial.eest();
                h = step * control.factor(eest, tableau.order());
                if (eest < 1) {
                    steps.add(trial);
                    y = trial.yNext();
                    t = hits ? end : t + step;
                    k1 = trial.last();
                } else {
                    rejected++;
                }
                if (h < 1e-14 * Math.max(1, Math.abs(t))) {
                    throw new IllegalStateException("EmbeddedRungeKutta: step size underflow (h = " + h + ") at t = "
                            + t + ", EEst " + eest);
                }
            }
            states.add(y);
        }
        return new OdeSolution(times.clone(), List.copyOf(states), List.copyOf(steps), evaluations, rejected, f, this);
    }

    /** Integrates from {@code t0} to {@code t1} and returns the solution (its {@link OdeSolution#last()} is y(t1)). */
    public OdeSolution solve(VectorField f, Var y0, double t0, double t1) {
        return solve(f, y0, new double[] {t0, t1});
    }

    private static Var evaluate(VectorField f, double t, Var y) {
        Var k = f.apply(t, y);
        if (k == null || k.value().size() != y.value().size()) {
            throw new IllegalArgumentException("EmbeddedRungeKutta: f(t, y) must have the state's " + y.value().size()
                    + " elements, got " + (k == null ? "null" : String.valueOf(k.value().size())) + " at t = " + t);
        }
        return k;
    }

    /** Hairer's first-step heuristic, as in Hipparchus' {@code AdaptiveStepsizeIntegrator.initializeStep}. */
    private double initialStep(VectorField f, double t0, Var y, Var k1) {
        double[] y0 = y.value().data();
        double[] d0 = k1.value().data();
        int n = y0.length;
        double[] scale = new double[n];
        double yOnScale2 = 0;
        double yDotOnScale2 = 0;
        for (int j = 0; j < n; j++) {
            scale[j] = control.atol() + control.rtol() * Math.abs(y0[j]);
            double r = y0[j] / scale[j];
            yOnScale2 += r * r;
            r = d0[j] / scale[j];
            yDotOnScale2 += r * r;
        }
        double h = (yOnScale2 < 1e-10 || yDotOnScale2 < 1e-10) ? 1e-6 : 0.01 * Math.sqrt(yOnScale2 / yDotOnScale2);
        double[] y1 = new double[n];
        for (int j = 0; j < n; j++) {
            y1[j] = y0[j] + h * d0[j];
        }
        double[] d1;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            d1 = evaluate(f, t0 + h, Var.constant(Tensor.of(y1, y.shape()))).value().data();
        }
        double yDDotOnScale = 0;
        for (int j = 0; j < n; j++) {
            double r = (d1[j] - d0[j]) / scale[j];
            yDDotOnScale += r * r;
        }
        yDDotOnScale = Math.sqrt(yDDotOnScale) / h;
        double maxInv2 = Math.max(Math.sqrt(yDotOnScale2), yDDotOnScale);
        double h1 = maxInv2 < 1e-15 ? Math.max(1e-6, 0.001 * h) : Math.pow(0.01 / maxInv2, 1.0 / tableau.order());
        h = Math.min(100 * h, h1);
        h = Math.max(h, 1e-12 * Math.abs(t0));
        return Math.min(h, control.maxStep());
    }

    private static void checkTimes(double[] times) {
        if (times == null || times.length < 2) {
            throw new IllegalArgumentException("EmbeddedRungeKutta.solve: need at least two times (t0 and an end), got "
                    + (times == null ? "null" : times.length));
        }
        for (int i = 0; i < times.length; i++) {
            if (!Double.isFinite(times[i])) {
                throw new IllegalArgumentException("EmbeddedRungeKutta.solve: times[" + i + "] is " + times[i]);
            }
            if (i > 0 && !(times[i] > times[i - 1])) {
                throw new IllegalArgumentException("EmbeddedRungeKutta.solve: times must increase strictly, but times["
                        + i + "] = " + times[i] + " <= times[" + (i - 1) + "] = " + times[i - 1]);
            }
        }
    }
}
