package dev.gradus.lab;

import dev.gradus.plot.XYPlot;
import java.util.List;

/**
 * A small deterministic experiment for the framework's tests: Newton's iteration for x^2 = 2 converges
 * quadratically, and bisection, the control, does not.
 */
class NewtonSqrt2 implements Experiment {
    @Override
    public String id() {
        return "newton-sqrt2";
    }

    @Override
    public String paper() {
        return "De analysi per aequationes numero terminorum infinitas";
    }

    @Override
    public String reference() {
        return "I. Newton, 1669 <written> & \"quoted\"";
    }

    @Override
    public String link() {
        return "https://doi.org/10.1017/CBO9780511470783";
    }

    @Override
    public String claim() {
        return "Newton's iteration for x^2 = 2 doubles the correct digits each step: e_{t+1} <= e_t^2 when x0 = 1.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.deterministic("no random numbers: x0 = 1");
    }

    @Override
    public ScaleDown scaleDown() {
        return ScaleDown.same("5 steps (quick), 6 (full)");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("quadratic", "The error squares each step")
                .test(s -> Criterion.allOf(Criterion.atMost(s + ".worst_e_next_over_e_squared", 1),
                        Criterion.below(s + ".final_error", 1e-12)))
                .subject("newton")
                .control("bisection", "bisection on [1, 2] halves the error: linear, not quadratic")
                .rule(Aggregate.everySeed())
                .build());
    }

    @Override
    public void trial(Trial t) {
        int steps = t.quick() ? 5 : 6;
        double x = 1;
        double lo = 1;
        double hi = 2;
        double[] error = new double[steps + 1];
        double[] bisection = new double[steps + 1];
        error[0] = Math.abs(x - Math.sqrt(2));
        bisection[0] = Math.abs(1.5 - Math.sqrt(2));
        double worst = 0;
        double worstBisection = 0;
        for (int s = 1; s <= steps; s++) {
            x = x - (x * x - 2) / (2 * x);
            error[s] = Math.abs(x - Math.sqrt(2));
            double mid = 0.5 * (lo + hi);
            if (mid * mid > 2) {
                hi = mid;
            } else {
                lo = mid;
            }
            bisection[s] = Math.abs(0.5 * (lo + hi) - Math.sqrt(2));
            if (error[s] > 0 && error[s - 1] > 1e-7) {
                worst = Math.max(worst, error[s] / (error[s - 1] * error[s - 1]));
            }
            worstBisection = Math.max(worstBisection, bisection[s] / (bisection[s - 1] * bisection[s - 1]));
        }
        t.metric("newton.worst_e_next_over_e_squared", worst);
        t.metric("newton.final_error", error[steps]);
        t.metric("bisection.worst_e_next_over_e_squared", worstBisection);
        t.metric("bisection.final_error", bisection[steps]);
        t.curve("newton", error);
        t.curve("bisection", bisection);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        double[] error = seeds.first().curves().get("newton");
        report.setup("x0 = 1, " + (error.length - 1) + " Newton steps <b>not bold</b>.");
        report.series("error", SeriesTable.of("error", error));
        report.plot("error", XYPlot.titled("|x_t - sqrt 2|").logY().line("newton", error)
                .line("bisection", seeds.first().curves().get("bisection")));
        report.keyMetric("final_error", error[error.length - 1]);
        report.note("A note with <script>alert('x')</script> in it.");
    }
}
