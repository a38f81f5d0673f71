package dev.gradus.lab;

import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;

/**
 * A small random experiment for the framework's tests: gradient descent with step 1/L on a random diagonal
 * quadratic converges linearly at the rate 1 - mu/L of its slowest direction.
 */
final class GdOnQuadratic implements Experiment {
    @Override
    public String id() {
        return "gd-quadratic";
    }

    @Override
    public String paper() {
        return "Introductory Lectures on Convex Optimization";
    }

    @Override
    public String reference() {
        return "Y. Nesterov, Springer 2004";
    }

    @Override
    public String claim() {
        return "GD with step 1/L on a mu-strongly convex quadratic contracts the error by 1 - mu/L per step.";
    }

    @Override
    public long defaultSeed() {
        return 42;
    }

    @Override
    public Result run(ExperimentContext ctx) {
        int d = 20;
        int steps = ctx.quick() ? 200 : 400;
        RandomStream spectrum = ctx.random("spectrum");
        double[] lambda = new double[d];
        double max = 0;
        double min = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            lambda[i] = spectrum.uniform(0.05, 1);
            max = Math.max(max, lambda[i]);
            min = Math.min(min, lambda[i]);
        }
        double[] x = new double[d];
        ctx.random("init").fillNormal(x);
        double eta = 1 / max;
        double[] t = new double[steps + 1];
        double[] norm = new double[steps + 1];
        for (int s = 0; ; s++) {
            double n2 = 0;
            for (double v : x) {
                n2 += v * v;
            }
            t[s] = s;
            norm[s] = Math.sqrt(n2);
            if (s == steps) {
                break;
            }
            for (int i = 0; i < d; i++) {
                x[i] -= eta * lambda[i] * x[i];
            }
            ctx.progress("step " + s, s / (double) steps);
        }
        double measured = -Fit.semiLogSlope(t, norm, steps / 2, steps + 1);
        double predicted = -Math.log(1 - eta * min);
        ctx.setup("d = " + d + ", eigenvalues uniform in [0.05, 1), step 1/L, " + steps + " steps.");
        ctx.series("norm", SeriesTable.of("t", t).with("norm", norm));
        ctx.plot("norm", XYPlot.titled("||x_t||").logY().line("gd", t, norm));
        ctx.keyMetric("rate_ratio", measured / predicted);
        ctx.metric("measured_rate", measured);
        ctx.metric("predicted_rate", predicted);
        return ctx.conclude(Criterion.between("rate_ratio", 0.95, 1.05));
    }
}
