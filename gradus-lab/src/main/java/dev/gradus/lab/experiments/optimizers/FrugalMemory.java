package dev.gradus.lab.experiments.optimizers;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.schedule.Schedules;
import dev.gradus.optim.state.StateTree;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.Blas;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.List;
import java.util.Locale;

/**
 * FRUGAL keeps optimizer state only in a subspace and still updates the rest of the weight by signSGD, so at
 * GaLore's state memory it approaches AdamW (Zmushko et al., 2024).
 *
 * <p>The toy of the spec (01-optimizers.md §4, a numpy check): matrix regression {@code Y = X W* + noise} with a
 * 64x64 weight, an ill-conditioned design (column scales 10^0 ... 10^-1.5), minibatches of 64 rows, lr 1e-2 with
 * cosine decay to 0 over T steps, density 0.25 and update_gap = min(200, T/5), from W = 0, at T = 300 and 1000.
 * The loss is {@code 1/2 mean (X W − Y)^2} over a fixed training set of 1024 rows (noise sd 0.01). The four
 * methods are the library's {@code adamw}, {@code galore(rank=16)} (rank 16 = density 0.25 of 64, scale 1: the
 * digest's "density .25, no free update"), {@code frugal} (SVD projection, AdamW in the subspace, signSGD on the
 * residual) and {@code sign_sgd}; weight decay is 0 for all. The state bytes each holds are measured
 * ({@link StateTree#tensorBytes}) and reported.
 *
 * <p>The digest's table (initial loss 5.08): T = 300: AdamW 0.567, GaLore 1.98, FRUGAL 1.28, signSGD 0.264;
 * T = 1000: 0.0068, 0.225, 0.0203, 4.6e-5. Its verdict rule is kept: FRUGAL's loss below GaLore's at both T and
 * within 5x of AdamW's at T = 1000. As the digest warns, on this toy pure signSGD is best; no claim says
 * FRUGAL beats it, and the report shows that it does not.
 */
public final class FrugalMemory implements Experiment {
    private static final int D = 64;
    private static final int ROWS = 1024;
    private static final int BATCH = 64;
    private static final double LR = 1e-2;
    private static final double DENSITY = 0.25;
    private static final int[] HORIZONS = {300, 1000};
    private static final List<String> METHODS = List.of("adamw", "galore", "frugal", "sign_sgd");

    @Override
    public String id() {
        return "frugal-memory";
    }

    @Override
    public String paper() {
        return "FRUGAL: Memory-Efficient Optimization by Reducing State Overhead for Scalable Training";
    }

    @Override
    public String reference() {
        return "P. Zmushko, A. Beznosikov, M. Takáč, S. Horváth, 2024";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2411.07837";
    }

    @Override
    public String claim() {
        return "At GaLore's optimizer-state memory, FRUGAL reaches a lower loss than GaLore and comes within 5x of"
                + " full AdamW.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("LLaMA pre-training (60M-1B parameters) on C4, perplexity at equal state memory",
                "the spec's 64x64 matrix regression with an ill-conditioned design, T = 300 and 1000 steps",
                "the claim is about what the state-free residual update adds at a fixed state budget, which the toy"
                        + " isolates; the paper's language-model numbers are not re-verified here");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("near-adamw", "At T = 1000 the final loss is at most 5x AdamW's on the same data")
                        .test(s -> Criterion.atMost(s + ".over_adamw_1000", 5))
                        .subject("frugal")
                        .control("galore", "GaLore holds the same state but drops the residual, so the 48 other"
                                + " directions of each row are never updated between refreshes")
                        .build(),
                Claim.that("below-galore", "The final loss is below GaLore's at both T = 300 and T = 1000")
                        .test(s -> Criterion.atMost(s + ".over_galore_worst", 1))
                        .subject("frugal")
                        .noControl("the test is itself the comparison with GaLore, the baseline; near-adamw shows"
                                + " GaLore failing")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        double[] w = new double[D * D];
        t.random("target").fillNormal(w);
        double[] x = new double[ROWS * D];
        t.random("design").fillNormal(x);
        for (int i = 0; i < ROWS; i++) {
            for (int j = 0; j < D; j++) {
                x[i * D + j] *= Math.pow(10, -1.5 * j / (D - 1));
            }
        }
        double[] y = new double[ROWS * D];
        Blas.dgemm(false, false, ROWS, D, D, 1.0, x, 0, D, w, 0, D, 0.0, y, 0, D);
        RandomStream noise = t.random("noise");
        for (int k = 0; k < y.length; k++) {
            y[k] += 0.01 * noise.normal();
        }
        t.metric("initial_loss", loss(new double[D * D], x, y));
        double[][] finals = new double[METHODS.size()][HORIZONS.length];
        for (int h = 0; h < HORIZONS.length; h++) {
            int steps = HORIZONS[h];
            for (int m = 0; m < METHODS.size(); m++) {
                String who = METHODS.get(m);
                GradientTransformation opt = optimizer(who, steps);
                double[] curve = run(opt, x, y, steps, t.random("batches " + steps), who, t, h == 1);
                finals[m][h] = curve[curve.length - 1];
                t.metric(who + ".loss_" + steps, finals[m][h]);
                if (h == 1) {
                    t.curve(who, curve);
                }
            }
        }
        for (int m = 0; m < METHODS.size(); m++) {
            String who = METHODS.get(m);
            t.metric(who + ".over_adamw_1000", finals[m][1] / finals[0][1]);
            t.metric(who + ".over_galore_worst", Math.max(finals[m][0] / finals[1][0], finals[m][1] / finals[1][1]));
        }
    }

    private static GradientTransformation optimizer(String who, int steps) {
        long gap = Math.min(200, steps / 5);
        var lr = Schedules.cosine(LR, steps);
        return switch (who) {
            case "adamw" -> Optimizers.adamw().with("lr", lr).weightDecay(0.0);
            case "galore" -> Optimizers.galore().with("lr", lr).with("rank", (long) Math.round(D * DENSITY))
                    .with("scale", 1.0).with("eps", 1e-8).updateGap(gap);
            case "frugal" -> Optimizers.frugal(Transforms.scaleByAdam()).with("lr", lr).density(DENSITY)
                    .updateGap(gap).weightDecay(0.0);
            case "sign_sgd" -> Optimizers.signSgd().with("lr", lr);
            default -> throw new IllegalArgumentException("frugal-memory: unknown method " + who);
        };
    }

    /** T minibatch steps from W = 0; the training loss every 10 steps and at the end. */
    private static double[] run(GradientTransformation opt, double[] x, double[] y, int steps, RandomStream rng,
            String who, Trial t, boolean record) {
        Tensor wt = Tensor.zeros(D, D);
        TensorMap params = TensorMap.of("w", wt);
        OptState state = opt.init(params);
        if (record) {
            t.metric(who + ".state_bytes", StateTree.tensorBytes(state));
        }
        double[] xb = new double[BATCH * D];
        double[] r = new double[BATCH * D];
        double[] curve = new double[steps / 10 + 1];
        int c = 0;
        for (int k = 0; k < steps; k++) {
            if (k % 10 == 0) {
                curve[c++] = loss(wt.data(), x, y);
            }
            int[] rows = rng.choice(ROWS, BATCH, false);
            for (int i = 0; i < BATCH; i++) {
                System.arraycopy(x, rows[i] * D, xb, i * D, D);
                System.arraycopy(y, rows[i] * D, r, i * D, D);
            }
            // r = X_b W − Y_b, then grad = X_bᵀ r / (B D): the gradient of 1/2 mean (X_b W − Y_b)^2.
            Blas.dgemm(false, false, BATCH, D, D, 1.0, xb, 0, D, wt.data(), 0, D, -1.0, r, 0, D);
            Tensor g = Tensor.zeros(D, D);
            Blas.dgemm(true, false, D, D, BATCH, 1.0 / (BATCH * D), xb, 0, D, r, 0, D, 0.0, g.data(), 0, D);
            opt.step(params, TensorMap.of("w", g), state);
        }
        curve[c] = loss(wt.data(), x, y);
        return java.util.Arrays.copyOf(curve, c + 1);
    }

    private static double loss(double[] w, double[] x, double[] y) {
        double[] r = y.clone();
        Blas.dgemm(false, false, ROWS, D, D, 1.0, x, 0, D, w, 0, D, -1.0, r, 0, D);
        double s = 0;
        for (double v : r) {
            s += v * v;
        }
        return 0.5 * s / r.length;
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup(String.format(Locale.ROOT, "64x64 matrix regression, 1024 rows, batch 64, lr 1e-2 cosine, density"
                + " 0.25; initial loss %.3f (median). Optimizer state (bytes): AdamW %.0f, GaLore %.0f, FRUGAL %.0f,"
                + " signSGD %.0f.", seeds.median("initial_loss"), seeds.median("adamw.state_bytes"),
                seeds.median("galore.state_bytes"), seeds.median("frugal.state_bytes"),
                seeds.median("sign_sgd.state_bytes")));
        for (String who : METHODS) {
            report.keyMetric(who + "_loss_300", seeds.median(who + ".loss_300"));
            report.keyMetric(who + "_loss_1000", seeds.median(who + ".loss_1000"));
        }
        report.note(String.format(Locale.ROOT, "Not claimed, as the spec warns: pure signSGD (no state at all) ends at"
                + " %.3g at T = 1000 against FRUGAL's %.3g (medians); on this toy the state-free rule alone is best.",
                seeds.median("sign_sgd.loss_1000"), seeds.median("frugal.loss_1000")));
        XYPlot plot = XYPlot.titled("Training loss, T = 1000 (median over seeds)").xLabel("step / 10")
                .yLabel("1/2 mean squared error").logY();
        for (String who : METHODS) {
            plot = plot.line(who, seeds.medianCurve(who));
        }
        report.plot("loss", plot);
    }
}
