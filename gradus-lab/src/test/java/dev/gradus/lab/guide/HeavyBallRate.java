package dev.gradus.lab.guide;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.plot.XYPlot;
import java.util.List;

/**
 * The complete example of {@code WRITING-EXPERIMENTS.md}, copied verbatim by its test so that the guide's code
 * compiles and its claim holds. Heavy-ball momentum on an ill-conditioned quadratic (Polyak, 1964): with the optimal step and momentum it
 * contracts at (sqrt(kappa) - 1) / (sqrt(kappa) + 1) per step, against (kappa - 1) / (kappa + 1) for GD.
 */
public final class HeavyBallRate implements Experiment {
    public String id() { return "heavy-ball-rate"; }
    public String paper() { return "Some methods of speeding up the convergence of iteration methods"; }
    public String reference() { return "B. T. Polyak, USSR Comput. Math. and Math. Phys., 1964"; }
    public String link() { return "https://doi.org/10.1016/0041-5553(64)90137-5"; }
    public String claim() { return "Heavy-ball momentum contracts at the accelerated rate on quadratics."; }

    public Seeding seeding() { return Seeding.seeds(5, 20); }

    public ScaleDown scaleDown() {
        return new ScaleDown("a theorem; no experiment", "random diagonal quadratics, d = 50, kappa = 100",
                "the rate depends only on kappa, which is fixed");
    }

    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("accelerated", "The measured rate is within 10% of the accelerated rate")
                .test(s -> Criterion.between(s + ".rate_ratio", 0.9, 1.1))
                .subject("heavy_ball")
                .control("gd", "GD with its best step contracts at (kappa-1)/(kappa+1), far slower")
                .build());                          // default rule: in at least 80% of seeds
    }

    public void trial(Trial t) {
        int d = 50;
        double kappa = 100;
        double[] lambda = new double[d];
        t.random("spectrum").fillUniform(lambda, 1, kappa);
        lambda[0] = 1;
        lambda[1] = kappa;
        double[] x0 = new double[d];
        t.random("start").fillNormal(x0);
        double accelerated = -Math.log((Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1));
        for (String who : List.of("heavy_ball", "gd")) {
            boolean hb = who.equals("heavy_ball");
            double eta = hb ? 4 / Math.pow(Math.sqrt(kappa) + 1, 2) : 2 / (1 + kappa);
            double beta = hb ? Math.pow((Math.sqrt(kappa) - 1) / (Math.sqrt(kappa) + 1), 2) : 0;
            double[] x = x0.clone();
            double[] prev = x0.clone();
            int steps = t.quick() ? 300 : 600;
            double[] norm = new double[steps + 1];
            for (int k = 0; k <= steps; k++) {
                double n2 = 0;
                for (double v : x) {
                    n2 += v * v;
                }
                norm[k] = Math.sqrt(n2);
                for (int i = 0; i < d && k < steps; i++) {
                    double next = x[i] - eta * lambda[i] * x[i] + beta * (x[i] - prev[i]);
                    prev[i] = x[i];
                    x[i] = next;
                }
            }
            double rate = -Math.log(norm[steps] / norm[steps / 2]) / (steps - steps / 2);
            t.metric(who + ".rate_ratio", rate / accelerated);
            t.curve(who, norm);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Diagonal quadratics with eigenvalues in [1, 100]; Polyak's optimal step and momentum.");
        report.keyMetric("median_rate_ratio", seeds.median("heavy_ball.rate_ratio"));
        report.plot("norm", XYPlot.titled("||x_k|| (median over seeds)").xLabel("step").yLabel("||x_k||").logY()
                .line("heavy ball", seeds.medianCurve("heavy_ball")).line("GD", seeds.medianCurve("gd")));
    }
}
