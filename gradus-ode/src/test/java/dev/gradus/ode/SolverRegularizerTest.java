package dev.gradus.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Activation;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SolverRegularizerTest {

    private static NeuralOde ode() {
        RandomStream rng = RandomStream.of(3);
        Module f = Mlp.builder(2).hidden(16).outputs(2).activation(Activation.TANH).build(rng);
        return new NeuralOde(f, EmbeddedRungeKutta.tsit5().withControl(StepControl.tolerances(1e-5, 1e-7)), 0, 2);
    }

    private static final Tensor X = Tensor.of(new double[] {1, 0, 0.5, -1, -2, 0.3}, 3, 2);

    @Test
    void globalPenaltiesSumEveryAcceptedStep() {
        NeuralOde ode = ode();
        OdeSolution sol = ode.solve(Var.constant(X));
        double e = 0;
        double s = 0;
        for (RkStep step : sol.steps()) {
            e += step.eest() * step.h();
            s += step.stiffness().item() * step.h();
        }
        assertThat(SolverRegularizer.globalError().penalty(sol, RandomStream.of(1)).item()).isCloseTo(e, within(1e-12));
        assertThat(SolverRegularizer.globalStiffness().penalty(sol, RandomStream.of(1)).item()).isCloseTo(s, within(1e-12));
        assertThat(sol.accepted()).isGreaterThan(1);
        assertThat(ode.forward(Var.constant(X)).value().data()).isEqualTo(sol.last().value().data());
    }

    /** The biased local step restarts at an accepted step's state with its size: it repeats that step exactly. */
    @Test
    void biasedLocalStepRepeatsOneAcceptedStep() {
        NeuralOde ode = ode();
        OdeSolution sol = ode.solve(Var.constant(X));
        double local = SolverRegularizer.localError(SolverRegularizer.Sampling.BIASED).penalty(sol, RandomStream.of(7)).item();
        boolean matches = sol.steps().stream().anyMatch(st -> Math.abs(st.eest() * st.h() - local) < 1e-12);
        assertThat(matches).isTrue();
    }

    /** The unbiased local step is placed by the seed alone and only its own stages carry gradient. */
    @Test
    void unbiasedLocalStepIsSeededAndDifferentiable() {
        NeuralOde ode = ode();
        OdeSolution sol = ode.solve(Var.constant(X));
        SolverRegularizer local = SolverRegularizer.localError(SolverRegularizer.Sampling.UNBIASED);
        Var a = local.penalty(sol, RandomStream.of(11));
        double b = local.penalty(sol, RandomStream.of(11)).item();
        assertThat(a.item()).isEqualTo(b).isPositive();
        var grads = ode.gradients(a);
        double norm = 0;
        for (String name : grads.names()) {
            for (double v : grads.get(name).data()) {
                norm += v * v;
            }
        }
        assertThat(norm).isPositive();
    }
}
