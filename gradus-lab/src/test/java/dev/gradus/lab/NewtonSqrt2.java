package dev.gradus.lab;

import dev.gradus.plot.XYPlot;

/** A small real experiment for the framework's tests: Newton's iteration for x^2 = 2 converges quadratically. */
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
    public String claim() {
        return "Newton's iteration for x^2 = 2 doubles the correct digits each step: e_{t+1} <= e_t^2 when x0 = 1.";
    }

    @Override
    public Result run(ExperimentContext ctx) {
        int steps = ctx.quick() ? 5 : 6;
        double x = 1;
        double[] error = new double[steps + 1];
        error[0] = Math.abs(x - Math.sqrt(2));
        double worstRatio = 0;
        for (int t = 1; t <= steps; t++) {
            x = x - (x * x - 2) / (2 * x);
            error[t] = Math.abs(x - Math.sqrt(2));
            if (error[t] > 0 && error[t - 1] > 1e-7) {
                worstRatio = Math.max(worstRatio, error[t] / (error[t - 1] * error[t - 1]));
            }
        }
        ctx.setup("x0 = 1, " + steps + " Newton steps <b>not bold</b>.");
        ctx.series("error", SeriesTable.of("error", error));
        ctx.plot("error", XYPlot.titled("|x_t - sqrt 2|").logY().line("newton", error));
        ctx.keyMetric("worst_e_next_over_e_squared", worstRatio);
        ctx.metric("final_error", error[steps]);
        ctx.note("A note with <script>alert('x')</script> in it.");
        return ctx.conclude(Criterion.allOf(Criterion.atMost("worst_e_next_over_e_squared", 1),
                Criterion.below("final_error", 1e-12)));
    }
}
