package dev.gradus.lab.experiments.privacy;

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
import dev.gradus.privacy.problems.SkewedMean;
import java.util.List;

/**
 * DiceSGD removes the constant bias of gradient clipping (Zhang, Bu, Wu &amp; Hong, ICLR 2024): on a mean with 10%
 * outliers, clipped DP-SGD converges near the median while DiceSGD's clipped error feedback reaches the optimum.
 */
public final class DpClippingBias implements Experiment {
    static final double C = 0.5;
    static final int BATCH = 100;
    static final double LR = 0.05;
    static final double SIGMA = 1.0;

    /** The experiment ServiceLoader creates. */
    public DpClippingBias() {}

    @Override
    public String id() {
        return "dp-clipping-bias";
    }

    @Override
    public String paper() {
        return "Differentially Private SGD Without Clipping Bias: An Error-Feedback Approach";
    }

    @Override
    public String reference() {
        return "X. Zhang, Z. Bu, Z. S. Wu, M. Hong, ICLR 2024";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2311.14632";
    }

    @Override
    public String claim() {
        return "With a small, problem-independent clipping threshold DiceSGD converges to the optimum, where clipped"
                + " DP-SGD keeps a constant bias.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("ViT-small on CIFAR-10/100 and GPT-2 on E2E at equal epsilon",
                "f(x) = mean of ½‖x − b_i‖², n = 1000, d = 5, 10% of b_i at 10·1; C1 = C2 = 0.5, B = 100 without"
                        + " replacement, lr 0.05, sigma 1, 3000 steps (1000 in the quick preset)",
                "the bias is a property of clipping at the optimum, which this problem isolates: the outliers' large"
                        + " gradients are what clipping removes");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("no-bias", "The final relative error ‖x − x*‖/‖x*‖ is below 0.1")
                .test(s -> Criterion.below(s + ".relative_error", 0.1))
                .subject("dice_sgd")
                .control("dpsgd_gc", "clipped DP-SGD converges near the median 0 (relative error near 1)")
                .build());
    }

    @Override
    public void trial(Trial t) {
        int steps = t.quick() ? 1000 : 3000;
        for (String who : List.of("dice_sgd", "dpsgd_gc")) {
            double[] err = SkewedMean.train(who.equals("dice_sgd"), SIGMA, C, BATCH, steps, LR, t.random(who));
            t.metric(who + ".relative_error", err[err.length - 1]);
            t.curve(who, err);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Skewed mean: 900 examples at 0, 100 at 10·1 (x* = 1). DiceSGD with C1 = C2 = 0.5 and noise"
                + " sigma·sqrt(C1² + 2·C1·C2)/B; DPSGD-GC with C = 0.5 and noise sigma·C/B; both plain SGD steps of 0.05.");
        report.keyMetric("dice_sgd_error", seeds.median("dice_sgd.relative_error"));
        report.keyMetric("dpsgd_gc_error", seeds.median("dpsgd_gc.relative_error"));
        report.plot("error", XYPlot.titled("relative error (median over seeds)").xLabel("step")
                .yLabel("‖x − x*‖/‖x*‖").logY()
                .line("DiceSGD", seeds.medianCurve("dice_sgd")).line("DPSGD-GC", seeds.medianCurve("dpsgd_gc")));
    }
}
