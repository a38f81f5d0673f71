package dev.gradus.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LocalStepTest {
    private static final Tensor THETA = Tensor.of(new double[] {0.5, -2, 1.5, 0.3}, 2, 2);
    private static final Tensor Y0 = Tensor.of(new double[] {1, -0.5, 0.3, 0.8, -1.2, 0.1}, 3, 2);
    private static final EmbeddedRungeKutta SOLVER =
            EmbeddedRungeKutta.tsit5().withControl(StepControl.tolerances(1e-5, 1e-7));

    private static VectorField field(Var theta) {
        return (t, y) -> y.matmul(theta).tanh();
    }

    private static OdeSolution solve(double end) {
        return SOLVER.solve(field(Var.constant(THETA)), Var.constant(Y0), 0, end);
    }

    /** The penalty's gradient with respect to f's parameters, through the one step's stages, by finite differences. */
    @Test
    void gradientThroughTheLocalStepMatchesFiniteDifferences() {
        OdeSolution sol = solve(2);
        for (SolverRegularizer.Sampling sampling : SolverRegularizer.Sampling.values()) {
            LocalStep at = LocalStep.sample(sol, sampling, RandomStream.of(5));
            GradCheck.Report r = GradCheck.check(in -> at.penalty(SOLVER, field(in.get(0))), List.of(THETA), 1e-5,
                    false);
            // EEst divides a difference of nearly equal stages, so the finite differences lose about 6 digits
            r.requireBelow(1e-5);
            assertThat(Math.abs(r.analytic())).as(sampling + ": a gradient that is not trivially zero").isPositive();
        }
    }

    /** Same stream, same step; other seeds put it elsewhere, always inside the span and on the solution. */
    @Test
    void theStepIsReproducibleFromTheSeed() {
        OdeSolution sol = solve(2);
        LocalStep a = LocalStep.sample(sol, SolverRegularizer.Sampling.UNBIASED, RandomStream.of(11));
        LocalStep b = LocalStep.sample(sol, SolverRegularizer.Sampling.UNBIASED, RandomStream.of(11));
        assertThat(a.t()).isEqualTo(b.t());
        assertThat(a.h()).isEqualTo(b.h());
        assertThat(a.start().value().data()).isEqualTo(b.start().value().data());
        double viaRegularizer = SolverRegularizer.localError(SolverRegularizer.Sampling.UNBIASED)
                .penalty(sol, RandomStream.of(11)).item();
        assertThat(viaRegularizer).isEqualTo(a.penalty(SOLVER, sol.field()).item()).isPositive();

        Set<Double> places = new HashSet<>();
        for (long seed = 1; seed <= 8; seed++) {
            LocalStep at = LocalStep.sample(sol, SolverRegularizer.Sampling.UNBIASED, RandomStream.of(seed));
            places.add(at.t());
            assertThat(at.t()).isBetween(0.0, 2.0);
            assertThat(at.evaluations()).isEqualTo(14);
            // z(t_1) is the solution at t_1 (to the solver's tolerance), checked by a separate solve up to t_1
            double[] reference = SOLVER.solve(field(Var.constant(THETA)), Var.constant(Y0), 0, at.t()).last()
                    .value().data();
            double[] start = at.start().value().data();
            for (int i = 0; i < start.length; i++) {
                assertThat(start[i]).isCloseTo(reference[i], within(1e-4));
            }
        }
        assertThat(places).hasSizeGreaterThan(4);
    }

    /** The biased step starts at an accepted step and repeats it: same size, same EEst. */
    @Test
    void theBiasedStepRepeatsAnAcceptedStep() {
        OdeSolution sol = solve(2);
        LocalStep at = LocalStep.sample(sol, SolverRegularizer.Sampling.BIASED, RandomStream.of(3));
        RkStep same = sol.steps().stream().filter(s -> s.t() == at.t()).findFirst().orElseThrow();
        assertThat(at.h()).isEqualTo(same.h());
        assertThat(at.evaluations()).isEqualTo(7);
        assertThat(at.take(SOLVER, sol.field()).eest()).isCloseTo(same.eest(), within(1e-12));
    }

    /**
     * Only the sampled step is differentiated: the initial state gets no gradient from the local penalty (it does from
     * the global one), and the local penalty's graph does not grow with the length of the solve.
     */
    @Test
    void onlyTheSampledStepIsDifferentiated() {
        Var y0 = Var.param(Y0.copy());
        Var theta = Var.param(THETA.copy());
        OdeSolution sol = SOLVER.solve(field(theta), y0, 0, 2);
        Var local = SolverRegularizer.localError(SolverRegularizer.Sampling.UNBIASED).penalty(sol, RandomStream.of(2));
        Var global = SolverRegularizer.globalError().penalty(sol, RandomStream.of(2));
        List<Tensor> localGrads = Autodiff.grad(local, List.of(y0, theta), null, true);
        double[] fromLocal = localGrads.get(0).data();
        double[] fromGlobal = Autodiff.grad(global, List.of(y0, theta), null, true).get(0).data();
        assertThat(fromLocal).containsOnly(0.0);
        assertThat(java.util.Arrays.stream(localGrads.get(1).data()).map(Math::abs).sum()).isPositive();
        assertThat(java.util.Arrays.stream(fromGlobal).map(Math::abs).sum()).isPositive();

        OdeSolution shorter = SOLVER.solve(field(theta), Var.constant(Y0), 0, 2);
        OdeSolution longer = SOLVER.solve(field(theta), Var.constant(Y0), 0, 8);
        assertThat(longer.accepted()).isGreaterThan(shorter.accepted());
        SolverRegularizer reg = SolverRegularizer.localError(SolverRegularizer.Sampling.UNBIASED);
        int shortGraph = SolverRegularizedStep.graphSize(reg.penalty(shorter, RandomStream.of(2)));
        int longGraph = SolverRegularizedStep.graphSize(reg.penalty(longer, RandomStream.of(2)));
        assertThat(longGraph).isEqualTo(shortGraph).isGreaterThan(10);
        assertThat(SolverRegularizedStep.graphSize(SolverRegularizer.globalError().penalty(longer, null)))
                .isGreaterThan(SolverRegularizedStep.graphSize(SolverRegularizer.globalError().penalty(shorter, null)));
    }

    /**
     * Weighted by N, the biased local penalty averages to the global one: over all N equally likely steps exactly, and
     * over seeded draws to within sampling error.
     */
    @Test
    void theMatchingGlobalWeightMakesTheLocalPenaltyAnEstimateOfTheGlobalOne() {
        OdeSolution sol = solve(2);
        double global = SolverRegularizer.globalError().penalty(sol, null).item();
        SolverRegularizer reg = SolverRegularizer.localErrorMatchingGlobal();
        int draws = 2000;
        RandomStream random = RandomStream.of(17);
        double mean = 0;
        for (int i = 0; i < draws; i++) {
            mean += reg.penalty(sol, random.split()).item() / draws;
        }
        assertThat(mean).isCloseTo(global, within(0.05 * global));
        double plain = SolverRegularizer.localError(SolverRegularizer.Sampling.BIASED).penalty(sol, RandomStream.of(4))
                .item();
        double weighted = reg.penalty(sol, RandomStream.of(4)).item();
        assertThat(weighted).isCloseTo(sol.accepted() * plain, within(1e-12 * weighted));
    }

    @Test
    void badInputIsRefusedClearly() {
        OdeSolution sol = solve(1);
        assertThatThrownBy(() -> LocalStep.sample(sol, null, RandomStream.of(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampling");
        assertThatThrownBy(() -> SolverRegularizer.localError(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampling");
        assertThatThrownBy(() -> new LocalStep(0, Var.constant(Y0), -0.1, 7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive finite h");
    }
}
