package dev.gradus.lab;

import dev.gradus.plot.XYPlot;
import java.util.List;
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
    public String link() {
        return "https://doi.org/10.1007/978-1-4419-8853-9";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("any dimension", "d = 20, 200 steps (quick) or 400 (full)",
                "the rate does not depend on the dimension");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("rate", "GD with step 1/L contracts at 1 - mu/L")
                .test(s -> Criterion.between(s + ".rate_ratio", 0.95, 1.05))
                .subject("gd")
                .control("gd_half_step", "step 1/(2L) contracts at 1 - mu/(2L), about half the predicted rate")
                .build());
    }

    @Override
    public void trial(Trial ctx) {
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
        double[] x0 = new double[d];
        ctx.random("init").fillNormal(x0);
        double predicted = -Math.log(1 - min / max);
        for (String who : new String[] {"gd", "gd_half_step"}) {
            double eta = who.equals("gd") ? 1 / max : 0.5 / max;
            double[] x = x0.clone();
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
                ctx.progress(who + " step " + s, s / (double) steps);
            }
            double measured = -Fit.semiLogSlope(t, norm, steps / 2, steps + 1);
            ctx.metric(who + ".rate_ratio", measured / predicted);
            ctx.metric(who + ".measured_rate", measured);
            ctx.curve(who, norm);
        }
        ctx.metric("predicted_rate", predicted);
    }

    @Override
    public void summarize(ExperimentContext ctx, SeedResults seeds) {
        double[] norm = seeds.first().curves().get("gd");
        double[] t = new double[norm.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = i;
        }
        ctx.setup("d = 20, eigenvalues uniform in [0.05, 1), step 1/L, " + (norm.length - 1) + " steps.");
        ctx.series("norm", SeriesTable.of("t", t).with("norm", norm));
        ctx.plot("norm", XYPlot.titled("||x_t||").logY().line("gd", t, norm));
        ctx.keyMetric("median_rate_ratio", seeds.median("gd.rate_ratio"));
    }
}
