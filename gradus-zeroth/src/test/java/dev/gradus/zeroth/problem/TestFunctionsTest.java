package dev.gradus.zeroth.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.spec.SpecException;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.Problem;
import org.junit.jupiter.api.Test;

/** Each test function has its stated minimum at its minimiser, off the box centre, and values from the literature. */
class TestFunctionsTest {

    @Test
    void minimaAreZeroAtTheShiftedMinimisersAndPositiveAtTheCentre() {
        for (String spec : new String[] {"sphere(d=7)", "rosenbrock(d=7)", "rastrigin(d=7)", "ackley(d=7)",
                "griewank(d=7)", "styblinski_tang(d=7)"}) {
            TestFunction<?> f = (TestFunction<?>) Problems.parse(spec);
            assertThat(f.minimum()).as(spec).isCloseTo(0.0, within(1e-12));
            assertThat(f.value(new double[7])).as(spec + " at 0").isGreaterThan(0.5);
            assertThat(f.minimizer()[0]).as(spec).isNotZero();
        }
    }

    @Test
    void valuesMatchHandComputedPoints() {
        // Unshifted Rastrigin at (0.5, 0.5): 20 + 2·(0.25 + 10) = 40.5; Rosenbrock at 0 in d = 2: 1.
        assertThat(Problems.parse("rastrigin(d=2, shift=0)").value(new double[] {0.5, 0.5}))
                .isCloseTo(40.5, within(1e-12));
        assertThat(Problems.parse("rosenbrock(d=2)").value(new double[] {0, 0})).isEqualTo(1.0);
        // Styblinski-Tang's one-dimensional value at 0 is the offset 39.16616570377142.
        assertThat(Problems.parse("styblinski_tang(d=1)").value(new double[] {0}))
                .isCloseTo(39.16616570377142, within(1e-9));
        // Ackley at (shift + 1, ...) with shift 0 in d = 1: −20e^{−0.2} − e^{cos 2π} + 20 + e = 20 − 20e^{−0.2}.
        assertThat(Problems.parse("ackley(d=1, shift=0)").value(new double[] {1}))
                .isCloseTo(20 - 20 * Math.exp(-0.2), within(1e-12));
    }

    @Test
    void multiObjectiveFrontsSatisfyTheirEquations() {
        MultiObjectiveProblem dtlz2 = (MultiObjectiveProblem) Problems.parse("dtlz2(m=3, k=5)");
        assertThat(dtlz2.dimension()).isEqualTo(7);
        Tensor front = dtlz2.front(100);
        for (int i = 0; i < front.dim(0); i++) {
            double r = 0;
            for (int j = 0; j < 3; j++) {
                r += front.get(i, j) * front.get(i, j);
            }
            assertThat(r).isCloseTo(1.0, within(1e-12));
        }
        Problem zdt2 = Problems.parse("zdt2(n=5)");
        double[] out = new double[2];
        zdt2.evaluate(new double[] {0.5, 0, 0, 0, 0}, out);
        assertThat(out).containsExactly(0.5, 0.75);
        MultiObjectiveProblem zdt3 = (MultiObjectiveProblem) Problems.parse("zdt3");
        Tensor f3 = zdt3.front(1000);
        assertThat(f3.dim(0)).isLessThan(1000);
        assertThat(f3.get(f3.dim(0) - 1, 1)).isCloseTo(-0.7733, within(1e-3));
    }

    @Test
    void badSpecsAreRefusedWithTheirName() {
        assertThatThrownBy(() -> Problems.parse("rastrigin(d=0)")).isInstanceOf(SpecException.class)
                .hasMessageContaining("d");
        assertThatThrownBy(() -> Problems.parse("rastrign(d=3)")).isInstanceOf(SpecException.class)
                .hasMessageContaining("did you mean rastrigin");
    }
}
