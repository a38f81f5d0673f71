package dev.gradus.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.hipparchus.ode.ODEIntegrator;
import org.hipparchus.ode.ODEState;
import org.hipparchus.ode.ODEStateAndDerivative;
import org.hipparchus.ode.OrdinaryDifferentialEquation;
import org.hipparchus.ode.nonstiff.DormandPrince54Integrator;
import org.hipparchus.ode.sampling.ODEStateInterpolator;
import org.hipparchus.ode.sampling.ODEStepHandler;
import org.junit.jupiter.api.Test;

class EmbeddedRungeKuttaTest {

    /** The digest's probe: gradient flow of f = (x^2 + 100 y^2)/2, t in [0, 5], atol 1e-8, rtol 1e-6. */
    private static final VectorField GRADIENT_FLOW = (t, y) -> y.mul(Var.constant(Tensor.vector(-1, -100)));

    /** The Van der Pol oscillator with mu = 1 (non-stiff), y = (x, v). */
    private static final VectorField VAN_DER_POL = (t, y) -> {
        Var x = y.narrow(0, 0, 1);
        Var v = y.narrow(0, 1, 1);
        Var dv = x.square().rsub(1).mul(v).sub(x);
        return Var.concat(List.of(v, dv), 0);
    };

    private record Reference(double[] y, int evaluations, int steps) {}

    private static Reference hipparchus(OrdinaryDifferentialEquation ode, double[] y0, double t1, double rtol, double atol) {
        DormandPrince54Integrator integrator = new DormandPrince54Integrator(1e-12, 1e3, atol, rtol);
        List<Double> steps = new ArrayList<>();
        integrator.addStepHandler(new ODEStepHandler() {
            @Override
            public void handleStep(ODEStateInterpolator interpolator) {
                steps.add(interpolator.getCurrentState().getTime());
            }
        });
        ODEStateAndDerivative end = integrator.integrate(ode, new ODEState(0, y0), t1);
        return new Reference(end.getPrimaryState(), integrator.getEvaluations(), steps.size());
    }

    private static OdeSolution solve(ButcherTableau tab, VectorField f, double[] y0, double t1, double rtol, double atol) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return new EmbeddedRungeKutta(tab, StepControl.tolerances(rtol, atol))
                    .solve(f, Var.constant(Tensor.vector(y0)), 0, t1);
        }
    }

    @Test
    void dormandPrinceMatchesHipparchusStepForStepOnTheGradientFlow() {
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            public int getDimension() { return 2; }
            public double[] computeDerivatives(double t, double[] y) { return new double[] {-y[0], -100 * y[1]}; }
        };
        Reference ref = hipparchus(ode, new double[] {1, 1}, 5, 1e-6, 1e-8);
        OdeSolution sol = solve(ButcherTableau.dormandPrince54(), GRADIENT_FLOW, new double[] {1, 1}, 5, 1e-6, 1e-8);
        double[] y = sol.last().value().data();
        // same pair, controller, norm and first step: the same discrete solution and the same cost
        assertThat(y[0]).isCloseTo(ref.y()[0], within(1e-12));
        assertThat(y[0]).isCloseTo(Math.exp(-5), within(1e-7));
        assertThat(sol.accepted()).isEqualTo(ref.steps());
        assertThat(sol.evaluations()).isEqualTo(ref.evaluations());
        // the stiff direction limits the step to about 3.3 / lambda = 0.033 (digest: 186 accepted, 1178 evaluations)
        double hMax = sol.steps().stream().mapToDouble(RkStep::h).max().orElseThrow();
        assertThat(hMax).isLessThan(0.05);
    }

    @Test
    void dormandPrinceMatchesHipparchusOnVanDerPol() {
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            public int getDimension() { return 2; }
            public double[] computeDerivatives(double t, double[] y) {
                return new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]};
            }
        };
        Reference ref = hipparchus(ode, new double[] {2, 0}, 10, 1e-7, 1e-9);
        OdeSolution sol = solve(ButcherTableau.dormandPrince54(), VAN_DER_POL, new double[] {2, 0}, 10, 1e-7, 1e-9);
        double[] y = sol.last().value().data();
        assertThat(y[0]).isCloseTo(ref.y()[0], within(1e-9));
        assertThat(y[1]).isCloseTo(ref.y()[1], within(1e-9));
        assertThat(sol.accepted()).isEqualTo(ref.steps());
        assertThat(sol.evaluations()).isEqualTo(ref.evaluations());
    }

    @Test
    void tsit5IsAccurateAndNoDearerThanDormandPrince() {
        OrdinaryDifferentialEquation ode = new OrdinaryDifferentialEquation() {
            public int getDimension() { return 2; }
            public double[] computeDerivatives(double t, double[] y) {
                return new double[] {y[1], (1 - y[0] * y[0]) * y[1] - y[0]};
            }
        };
        // a tight Hipparchus solve as the reference value
        Reference ref = hipparchus(ode, new double[] {2, 0}, 10, 1e-12, 1e-14);
        OdeSolution tsit = solve(ButcherTableau.tsit5(), VAN_DER_POL, new double[] {2, 0}, 10, 1e-7, 1e-9);
        OdeSolution dp = solve(ButcherTableau.dormandPrince54(), VAN_DER_POL, new double[] {2, 0}, 10, 1e-7, 1e-9);
        double[] y = tsit.last().value().data();
        assertThat(y[0]).isCloseTo(ref.y()[0], within(1e-5));
        assertThat(y[1]).isCloseTo(ref.y()[1], within(1e-5));
        assertThat((double) tsit.evaluations()).isLessThan(1.3 * dp.evaluations());
        // exponential decay has the closed form: the global error stays near the tolerance
        OdeSolution decay = solve(ButcherTableau.tsit5(), (t, v) -> v.mul(-2.0), new double[] {3}, 2, 1e-8, 1e-10);
        assertThat(decay.last().item()).isCloseTo(3 * Math.exp(-4), within(1e-7));
    }

    @Test
    void intermediateTimesAreHitExactly() {
        OdeSolution sol = solve(ButcherTableau.tsit5(), (t, v) -> v.mul(-1.0), new double[] {1}, 1, 1e-8, 1e-10);
        OdeSolution many;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            many = EmbeddedRungeKutta.tsit5().withControl(StepControl.tolerances(1e-8, 1e-10))
                    .solve((t, v) -> v.mul(-1.0), Var.constant(Tensor.vector(1)), new double[] {0, 0.25, 0.5, 1});
        }
        assertThat(many.states()).hasSize(4);
        assertThat(many.states().get(1).item()).isCloseTo(Math.exp(-0.25), within(1e-8));
        assertThat(many.states().get(2).item()).isCloseTo(Math.exp(-0.5), within(1e-8));
        assertThat(many.last().item()).isCloseTo(sol.last().item(), within(1e-8));
    }

    /** The stiffness estimate of a linear system y' = -lambda y is lambda (exactly: stages differ by -lambda). */
    @Test
    void stiffnessEstimateIsTheEigenvalueOnALinearProblem() {
        RkStep step = EmbeddedRungeKutta.tsit5().step((t, v) -> v.mul(-7.0), 0, Var.constant(Tensor.vector(1, 2)), 0.01, null);
        assertThat(step.stiffness().item()).isCloseTo(7.0, within(1e-9));
        assertThat(step.evaluations()).isEqualTo(7);
        assertThat(step.eest()).isGreaterThan(0);
    }

    /** Gradients of the discrete solve with respect to the initial state and a parameter of f, by finite differences. */
    @Test
    void gradientsThroughTheStagesMatchFiniteDifferences() {
        EmbeddedRungeKutta solver = new EmbeddedRungeKutta(ButcherTableau.tsit5(), StepControl.tolerances(1e-10, 1e-12));
        GradCheck.check(in -> {
            Var y0 = in.get(0);
            Var theta = in.get(1);
            VectorField f = (t, y) -> y.matmul(theta).tanh().add(y.mul(-0.1));
            return solver.solve(f, y0, new double[] {0, 0.5, 1.5}).last().square().sum();
        }, List.of(Tensor.of(new double[] {0.3, -0.5, 0.8, 0.1}, 2, 2),
                Tensor.of(new double[] {0.2, -1.1, 0.9, 0.4}, 2, 2)), 1e-6, false).requireBelow(1e-6);
    }

    /** The error estimate is differentiable too: at a fixed step its gradient matches finite differences. */
    @Test
    void errorAndStiffnessEstimatesAreDifferentiable() {
        EmbeddedRungeKutta solver = EmbeddedRungeKutta.dopri5();
        GradCheck.check(in -> {
            Var theta = in.get(0);
            RkStep s = solver.step((t, y) -> y.matmul(theta).tanh(), 0, Var.constant(Tensor.of(new double[] {1, -0.5}, 1, 2)),
                    0.3, null);
            return s.errorEstimate().add(s.stiffness());
            // both estimates divide differences of nearly equal stages, so the finite differences lose ~6 digits
        }, List.of(Tensor.of(new double[] {0.5, -2, 1.5, 0.3}, 2, 2)), 1e-5, false).requireBelow(1e-5);
    }

    @Test
    void badInputIsRefusedClearly() {
        EmbeddedRungeKutta solver = EmbeddedRungeKutta.tsit5();
        Var y0 = Var.constant(Tensor.vector(1, 2));
        assertThatThrownBy(() -> solver.solve((t, y) -> y, y0, new double[] {0, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times[2]");
        assertThatThrownBy(() -> solver.solve((t, y) -> y.sum(), y0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 elements");
        assertThatThrownBy(() -> StepControl.tolerances(-1, 1e-8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rtol");
        assertThatThrownBy(() -> solver.withControl(StepControl.defaults().withMaxSteps(5)).solve((t, y) -> y.mul(-100.0), y0, 0, 10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("more than 5 steps");
    }
}
