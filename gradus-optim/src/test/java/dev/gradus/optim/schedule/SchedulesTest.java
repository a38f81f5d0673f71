package dev.gradus.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.OptimizerRegistry;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.spec.Specs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each schedule at its defining points, and its spec round trip. */
class SchedulesTest {
    private static final double EPS = 1e-15;

    @Test
    void constantLinearPolynomialExponential() {
        assertThat(Schedule.constant(0.3).at(1_000_000)).isEqualTo(0.3);
        Linear lin = Schedules.linear(1.0, 0.0, 10).with("begin", 5L);
        assertThat(lin.at(0)).isEqualTo(1.0);
        assertThat(lin.at(5)).isEqualTo(1.0);
        assertThat(lin.at(10)).isCloseTo(0.5, within(EPS));
        assertThat(lin.at(15)).isEqualTo(0.0);
        assertThat(lin.at(100)).isEqualTo(0.0);
        Polynomial poly = Schedules.polynomial(1.0, 0.1, 2.0, 10);
        assertThat(poly.at(5)).isCloseTo(0.9 * 0.25 + 0.1, within(EPS));
        assertThat(poly.at(10)).isCloseTo(0.1, within(EPS));
        Exponential exp = Schedules.exponential(1.0, 0.5, 10);
        assertThat(exp.at(10)).isEqualTo(0.5);
        assertThat(exp.at(5)).isCloseTo(Math.sqrt(0.5), within(EPS));
        assertThat(exp.with("staircase", true).at(19)).isEqualTo(0.5);
    }

    @Test
    void stepAndPiecewiseConstant() {
        StepDecay step = Schedules.stepDecay(0.1, 30, 0.1);
        assertThat(step.at(29)).isEqualTo(0.1);
        assertThat(step.at(30)).isCloseTo(0.01, within(EPS));
        assertThat(step.at(60)).isCloseTo(0.001, within(EPS));
        PiecewiseConstant pc = Schedules.piecewiseConstant(1.0, new long[] {10, 20}, new double[] {0.5, 0.1});
        assertThat(pc.at(9)).isEqualTo(1.0);
        assertThat(pc.at(10)).isEqualTo(0.5);
        assertThat(pc.at(25)).isCloseTo(0.05, within(EPS));
        assertThatThrownBy(() -> Schedules.piecewiseConstant(1.0, new long[] {10, 5}, new double[] {1, 1}))
                .hasMessage("piecewise_constant: boundaries must increase, got 10 then 5");
    }

    @Test
    void cosineWarmupCosineAndOneCycle() {
        Cosine cos = Schedules.cosine(1.0, 100).with("alpha", 0.1);
        assertThat(cos.at(0)).isEqualTo(1.0);
        assertThat(cos.at(50)).isCloseTo(0.55, within(EPS));
        assertThat(cos.at(100)).isCloseTo(0.1, within(EPS));
        assertThat(cos.at(500)).isCloseTo(0.1, within(EPS));
        WarmupCosine wc = Schedules.warmupCosine(0.0, 1.0, 10, 110).with("end", 0.2);
        assertThat(wc.at(0)).isEqualTo(0.0);
        assertThat(wc.at(5)).isCloseTo(0.5, within(EPS));
        assertThat(wc.at(10)).isEqualTo(1.0);
        assertThat(wc.at(60)).isCloseTo(0.6, within(EPS));
        assertThat(wc.at(110)).isCloseTo(0.2, within(EPS));
        OneCycle oc = Schedules.oneCycle(100, 1.0);
        assertThat(oc.at(0)).isCloseTo(1.0 / 25, within(EPS));
        assertThat(oc.at(30)).isEqualTo(1.0);
        assertThat(oc.at(100)).isCloseTo(1.0 / 25 / 1e4, within(EPS));
        assertThat(oc.at(15)).isCloseTo((1.0 + 1.0 / 25) / 2, within(EPS));
    }

    @Test
    void sgdrRestartsEveryPeriod() {
        Sgdr s = Schedules.sgdr(1.0, 10);
        assertThat(s.at(0)).isEqualTo(1.0);
        assertThat(s.at(5)).isCloseTo(0.5, within(EPS));
        assertThat(s.at(10)).isEqualTo(1.0);
        Sgdr grow = s.with("t_mult", 2L).with("eta_min", 0.1);
        assertThat(grow.at(10)).isEqualTo(1.0);     // second period: 20 steps
        assertThat(grow.at(20)).isCloseTo(0.55, within(EPS));
        assertThat(grow.at(30)).isEqualTo(1.0);     // third period: 40 steps
        assertThat(grow.at(29)).isLessThan(0.11);
    }

    @Test
    void joinRunsEachScheduleFromItsOwnStart() {
        Join j = Schedules.join(List.of(Schedules.linear(0.0, 1.0, 10), Schedules.cosine(1.0, 20)), new long[] {10});
        assertThat(j.at(5)).isCloseTo(0.5, within(EPS));
        assertThat(j.at(10)).isEqualTo(1.0);
        assertThat(j.at(20)).isCloseTo(0.5, within(EPS));
        assertThat(j.at(30)).isCloseTo(0.0, within(EPS));
        assertThatThrownBy(() -> Schedules.join(List.of(Schedule.constant(1)), new long[] {5}))
                .hasMessage("join: 1 schedules need 0 boundaries, got 1");
    }

    @Test
    void slowStartFastDecay() {
        SlowStartFastDecay s = Schedules.slowStartFastDecay(0.1, 40, 50);
        assertThat(s.at(0)).isEqualTo(0.0);
        assertThat(s.at(20)).isCloseTo(0.05, within(EPS));
        assertThat(s.at(40)).isEqualTo(0.1);
        assertThat(s.at(45)).isCloseTo(0.05, within(EPS));
        assertThat(s.at(50)).isEqualTo(0.0);
        SlowStartFastDecay e = s.with("lr_end", 1e-3).with("shape", "exponential");
        assertThat(e.at(45)).isCloseTo(0.01, within(1e-15));
        assertThat(e.at(50)).isEqualTo(1e-3);
        assertThatThrownBy(() -> s.with("shape", "exponential")).hasMessageContaining("needs lr_end > 0");
    }

    @Test
    void everyScheduleRoundTripsThroughItsSpec() {
        List<Schedule> all = List.of(Schedule.constant(0.5), Schedules.linear(1, 0, 10), Schedules.polynomial(1, 0, 2, 10),
                Schedules.exponential(1, 0.5, 10), Schedules.stepDecay(1, 5, 0.5),
                Schedules.piecewiseConstant(1, new long[] {3, 7}, new double[] {0.5, 0.1}), Schedules.cosine(1, 10),
                Schedules.warmupCosine(0, 1, 3, 10), Schedules.oneCycle(10, 1), Schedules.sgdr(1, 5),
                Schedules.join(List.of(Schedules.linear(0, 1, 5), Schedules.cosine(1, 5)), new long[] {5}),
                Schedules.slowStartFastDecay(0.1, 4, 8));
        assertThat(all).hasSameSizeAs(OptimizerRegistry.ofKind(dev.gradus.optim.spec.Descriptor.Kind.SCHEDULE));
        for (Schedule s : all) {
            String text = Specs.print(s);
            Schedule back = Specs.schedule(text);
            assertThat(Specs.print(back)).isEqualTo(text);
            for (long t = 0; t < 12; t++) {
                assertThat(back.at(t)).as(text + " at " + t).isEqualTo(s.at(t));
            }
        }
        assertThat(Specs.print(Schedules.cosine(0.1, 1000))).isEqualTo("cosine(init=0.1, steps=1000, alpha=0.0, exponent=1.0)");
    }
}
