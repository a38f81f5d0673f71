package dev.gradus.lab.experiments;

import dev.gradus.lab.Aggregate;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Fit;
import dev.gradus.lab.Format;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedOutcome;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.SeriesTable;
import dev.gradus.lab.Trial;
import dev.gradus.lab.experiments.LargeStepLogistic.Method;
import dev.gradus.lab.experiments.LargeStepLogistic.Run;
import dev.gradus.plot.BarPlot;
import dev.gradus.plot.XYPlot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Logistic regression with large steps turns into the batch perceptron (Tyurin, AAAI 2025); spec
 * 05-theory-lab.md section 8 and 01-optimizers.md section 5.
 *
 * <ol>
 *   <li>Table 1: on the worst-case set (n = 1000), Normalized LR+GD separates in exactly 2, 2, 16 and 157
 *       iterations for gamma = 100, 10, 1, 0.1, and LR+GD at gamma = 100 needs 308;</li>
 *   <li>LR+GD's iterations grow linearly in n on that set (the Omega(n) lower bound), Normalized LR+GD's do not
 *       (2 throughout);</li>
 *   <li>with growing gamma LR+GD behaves like the batch perceptron: fewer iterations to separate, a higher
 *       logistic loss on the way (loss is not progress), and iterates theta_t / gamma that converge to the
 *       perceptron's.</li>
 * </ol>
 *
 * <p>Everything here is small; quick and full differ only in the range of n and the size of the random data.
 */
public final class LrPerceptron implements Experiment {
    private static final double[] TABLE1_GAMMAS = {100, 10, 1, 0.1};
    private static final int[] TABLE1_NORMALIZED = {2, 2, 16, 157};
    private static final int TABLE1_LR_GD = 308;
    private static final double[] SWEEP_GAMMAS = {0.1, 1, 10, 100, 1000, 10000};
    private static final int MAX_ITERATIONS = 1_000_000;

    private record Config(int[] ns, int randomN, int randomD, double[] limitGammas) {}

    private static Config config(boolean quick) {
        double[] gammas = {1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
        return quick
                ? new Config(new int[] {10, 100, 300, 600, 1000}, 200, 50, gammas)
                : new Config(new int[] {10, 100, 300, 600, 1000, 3000, 10000}, 1000, 50, gammas);
    }

    @Override
    public String id() {
        return "lr-perceptron";
    }

    @Override
    public String paper() {
        return "From Logistic Regression to the Perceptron Algorithm: Exploring Gradient Descent with Large Step Sizes";
    }

    @Override
    public String reference() {
        return "A. Tyurin, AAAI 2025";
    }

    @Override
    public String claim() {
        return "As the step grows, LR+GD behaves like the batch perceptron (higher loss, fewer iterations to separate, "
                + "iterates/gamma converge), needs Omega(n) iterations on a worst-case set, and Normalized LR+GD "
                + "separates it in 2 / 2 / 16 / 157 iterations for gamma = 100 / 10 / 1 / 0.1 against 308 for LR+GD.";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2412.07424";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20).because("the worst-case set is deterministic; only the perceptron-limit data are "
                + "drawn per seed");
    }

    @Override
    public ScaleDown scaleDown() {
        return ScaleDown.same("the worst-case set of Theorem 5.1 (Table 1 at n = 1000, n up to 1000 quick, 10,000 "
                + "full) and Gaussian data for the perceptron limit (200 points in R^50 quick, 1000 full)");
    }

    /** The step sizes of the perceptron-limit claim: where the sigmoid is not yet saturated. */
    private static final double[] LIMIT_GAMMAS = {1e1, 1e2, 1e3, 1e4};

    @Override
    public List<Claim> claims(Preset preset) {
        List<Claim> claims = new ArrayList<>();
        claims.add(Claim.that("table1-normalized", "Table 1: Normalized LR+GD separates the worst-case set (n = 1000) "
                        + "in exactly 2, 2, 16 and 157 iterations for gamma = 100, 10, 1, 0.1")
                .test(s -> {
                    Criterion[] c = new Criterion[TABLE1_GAMMAS.length];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = Criterion.equalTo(s + ".iterations_gamma_" + Format.number(TABLE1_GAMMAS[i]),
                                TABLE1_NORMALIZED[i]);
                    }
                    return Criterion.allOf(c);
                })
                .subject("normalized").control("lr_gd", "LR+GD, which Table 1 contrasts (308 at gamma = 100)")
                .rule(Aggregate.everySeed()).build());
        claims.add(Claim.that("table1-lr-gd", "Table 1: LR+GD at gamma = 100 needs exactly 308 iterations")
                .test(s -> Criterion.equalTo(s + ".iterations_gamma_100", TABLE1_LR_GD))
                .subject("lr_gd").control("normalized", "Normalized LR+GD under the same test")
                .rule(Aggregate.everySeed()).build());
        claims.add(Claim.that("omega-n", "LR+GD's iterations on the worst-case set grow linearly in n (log-log "
                        + "slope in [0.8, 1.2], n >= 100)")
                .test(s -> Criterion.between(s + ".loglog_slope_vs_n", 0.8, 1.2))
                .subject("lr_gd").control("normalized", "Normalized LR+GD, which separates in 2 iterations at every "
                        + "n").rule(Aggregate.everySeed()).build());
        claims.add(Claim.that("loss-is-not-progress", "As gamma grows LR+GD separates in fewer iterations (gamma "
                        + "0.1 to 100) while its loss along the way is higher (gamma 100 to 10,000)")
                .test(s -> Criterion.allOf(
                        Criterion.decreasing(names(s + ".sweep_iterations_gamma_", Arrays.copyOfRange(SWEEP_GAMMAS, 0,
                                4))),
                        Criterion.increasing(names(s + ".sweep_median_loss_gamma_", Arrays.copyOfRange(SWEEP_GAMMAS,
                                3, 6)))))
                .subject("lr_gd").noControl("a trend of one method across its own step size")
                .rule(Aggregate.everySeed()).build());
        claims.add(Claim.that("perceptron-limit", "On random separable data, theta_t / gamma approaches the batch "
                        + "perceptron's iterates as gamma grows: the largest relative deviation falls at each step "
                        + "of gamma = 10, 100, 1000, 10,000 (below the saturation of the sigmoid)")
                .test(s -> Criterion.decreasing(names(s + ".limit_max_relative_deviation_gamma_", LIMIT_GAMMAS)))
                .subject("lr_gd").noControl("a limit of one method").build());
        return claims;
    }

    private static String[] names(String prefix, double[] gammas) {
        String[] out = new String[gammas.length];
        for (int i = 0; i < gammas.length; i++) {
            out[i] = prefix + Format.number(gammas[i]);
        }
        return out;
    }

    /** What the worst-case set gives: the same for every seed, so computed once per run. */
    private record WorstCase(double[] measured, double[] ns, double[] lrByN, double[] normalizedByN, Run[] sweep,
                             int perceptron1000, int normalizedPerceptron1000, int sweepPerceptron) {}

    private WorstCase worstCase;
    private Preset worstCasePreset;

    private synchronized WorstCase worstCase(Trial ctx) {
        if (worstCase != null && worstCasePreset == ctx.preset()) {
            return worstCase;
        }
        Config c = config(ctx.quick());
        ctx.progress("Table 1 (n = 1000)", 0);
        SeparableData worst = SeparableData.worstCase(1000);
        double[] measured = new double[TABLE1_GAMMAS.length + 1];
        for (int i = 0; i < TABLE1_GAMMAS.length; i++) {
            measured[i] = iterations(worst, Method.NORMALIZED_LR_GD, TABLE1_GAMMAS[i]);
        }
        measured[TABLE1_GAMMAS.length] = iterations(worst, Method.LR_GD, 100);
        ctx.progress("iterations against n", 0.2);
        double[] ns = new double[c.ns.length];
        double[] lrByN = new double[c.ns.length];
        double[] normalizedByN = new double[c.ns.length];
        for (int i = 0; i < c.ns.length; i++) {
            SeparableData data = SeparableData.worstCase(c.ns[i]);
            ns[i] = c.ns[i];
            lrByN[i] = iterations(data, Method.LR_GD, 100);
            normalizedByN[i] = iterations(data, Method.NORMALIZED_LR_GD, 100);
        }
        ctx.progress("step-size sweep (n = 100)", 0.4);
        SeparableData hundred = SeparableData.worstCase(100);
        Run[] sweep = new Run[SWEEP_GAMMAS.length];
        for (int i = 0; i < SWEEP_GAMMAS.length; i++) {
            sweep[i] = LargeStepLogistic.run(hundred, Method.LR_GD, SWEEP_GAMMAS[i], MAX_ITERATIONS, false, false);
        }
        worstCase = new WorstCase(measured, ns, lrByN, normalizedByN, sweep,
                iterations(worst, Method.BATCH_PERCEPTRON, 1), iterations(worst, Method.NORMALIZED_BATCH_PERCEPTRON, 1),
                iterations(hundred, Method.BATCH_PERCEPTRON, 1));
        worstCasePreset = ctx.preset();
        return worstCase;
    }

    @Override
    public void trial(Trial ctx) {
        Config c = config(ctx.quick());
        WorstCase w = worstCase(ctx);
        for (int i = 0; i < TABLE1_GAMMAS.length; i++) {
            ctx.metric("normalized.iterations_gamma_" + Format.number(TABLE1_GAMMAS[i]), w.measured[i]);
        }
        ctx.metric("lr_gd.iterations_gamma_100", w.measured[TABLE1_GAMMAS.length]);
        ctx.metric("batch_perceptron.iterations_n_1000", w.perceptron1000);
        ctx.metric("normalized_batch_perceptron.iterations_n_1000", w.normalizedPerceptron1000);
        int from = 0;
        while (from < w.ns.length && w.ns[from] < 100) {
            from++;
        }
        ctx.metric("lr_gd.loglog_slope_vs_n", Fit.logLogSlope(w.ns, w.lrByN, from, w.ns.length));
        double[] shifted = w.normalizedByN.clone();
        ctx.metric("normalized.loglog_slope_vs_n", Fit.logLogSlope(w.ns, shifted, from, w.ns.length));
        for (int i = 0; i < w.ns.length; i++) {
            ctx.metric("lr_gd.iterations_n_" + (int) w.ns[i], w.lrByN[i]);
            ctx.metric("normalized.iterations_n_" + (int) w.ns[i], w.normalizedByN[i]);
        }
        for (int i = 0; i < SWEEP_GAMMAS.length; i++) {
            String g = Format.number(SWEEP_GAMMAS[i]);
            ctx.metric("lr_gd.sweep_iterations_gamma_" + g, w.sweep[i].iterations());
            ctx.metric("lr_gd.sweep_median_loss_gamma_" + g, medianBeforeSeparation(w.sweep[i]));
        }
        ctx.metric("batch_perceptron.sweep_iterations", w.sweepPerceptron);

        ctx.progress("perceptron limit (random data)", 0.6);
        SeparableData random = SeparableData.gaussian(c.randomN, c.randomD, ctx.random("random-data"));
        Run perceptron = LargeStepLogistic.run(random, Method.BATCH_PERCEPTRON, 1, MAX_ITERATIONS, false, true);
        int horizon = perceptron.iterations();
        if (horizon < 0) {
            throw new IllegalStateException("lr-perceptron: the batch perceptron did not separate the random data within "
                    + MAX_ITERATIONS + " iterations");
        }
        double[] deviation = new double[c.limitGammas.length];
        for (int i = 0; i < c.limitGammas.length; i++) {
            Run lr = LargeStepLogistic.run(random, Method.LR_GD, c.limitGammas[i], horizon, true, true);
            double[] byT = relativeDeviation(lr.thetas(), perceptron.thetas(), c.limitGammas[i]);
            deviation[i] = max(byT);
            ctx.metric("lr_gd.limit_max_relative_deviation_gamma_" + Format.number(c.limitGammas[i]), deviation[i]);
            ctx.curve("deviation_gamma_" + Format.number(c.limitGammas[i]), byT);
        }
        ctx.metric("limit_perceptron_iterations", horizon);
        ctx.metric("limit_min_abs_margin_along_perceptron_path", minAbsMarginAlongPath(random, perceptron.thetas()));
        ctx.curve("limit_deviation", deviation);
    }

    @Override
    public void summarize(ExperimentContext ctx, SeedResults seeds) {
        Config c = config(ctx.quick());
        ctx.setup("Worst-case set (Theorem 5.1): one point (0.5, -1) labelled +1 and n - 1 points (-0.5, -1) labelled "
                + "-1; theta_0 = 0; an iteration count is the first t at which every margin y_i a_i . theta_t is "
                + "strictly positive. Table 1 uses n = 1000; the n sweep uses gamma = 100 and n in "
                + Arrays.toString(c.ns) + "; the step sweep uses n = 100 and gamma in " + Arrays.toString(SWEEP_GAMMAS)
                + ". These are deterministic: every seed sees the same numbers.");
        ctx.setup(String.format(Locale.ROOT, "Perceptron limit: %d Gaussian points in R^%d labelled by a random "
                + "hyperplane through the origin, drawn per seed; LR+GD for gamma in %s is compared with the batch "
                + "perceptron iterate by iterate, up to the perceptron's separating iteration.", c.randomN, c.randomD,
                Arrays.toString(c.limitGammas)));
        SeedOutcome first = seeds.first();
        if (first == null || worstCase == null) {
            return;
        }
        double[][] byT = new double[c.limitGammas.length][];
        for (int i = 0; i < c.limitGammas.length; i++) {
            byT[i] = first.curves().get("deviation_gamma_" + Format.number(c.limitGammas[i]));
        }
        WorstCase w = worstCase;
        record(ctx, c, w.measured, w.ns, w.lrByN, w.normalizedByN, w.sweep, seeds.medianCurve("limit_deviation"), byT);
        ctx.keyMetric("lr_gd_iterations_gamma_100", w.measured[TABLE1_GAMMAS.length]);
        ctx.note("Normalized LR+GD runs through the optimizer library's normalized_gd (NormalizedGd), fed the "
                + "logistic gradient; LR+GD and both perceptrons are written out as in the paper.");
        ctx.note(String.format(Locale.ROOT, "Below gamma = 100 the iteration counts scale like 1/gamma (%d / %d / %d "
                + "for gamma = 0.1 / 1 / 10): GD follows the same gradient flow at a different speed and the losses "
                + "along the way are the same curve, so the loss ordering is tested from gamma = 100 on.",
                w.sweep[0].iterations(), w.sweep[1].iterations(), w.sweep[2].iterations()));
        ctx.note(String.format(Locale.ROOT, "The limit theta_t / gamma -> perceptron iterate sets in once gamma times "
                + "the smallest |margin| along the perceptron's path (median over seeds %s) is large: sigma_i = 1 / "
                + "(1 + exp(gamma m_i)) is then 0 or 1, and beyond that point (gamma up to 1e8 here) the deviation "
                + "is limited by rounding, not by gamma. The claim therefore reads gamma = 10 to 10,000 only. The "
                + "paper's balanced set, where Normalized LR+GD is slower, is not run.",
                Format.number(seeds.median("limit_min_abs_margin_along_perceptron_path"))));
    }

    private static void record(ExperimentContext ctx, Config c, double[] measured, double[] ns, double[] lrByN,
                               double[] normalizedByN, Run[] sweep, double[] deviation, double[][] deviationByT) {
        double[] paper = new double[measured.length];
        String[] categories = new String[measured.length];
        for (int i = 0; i < TABLE1_GAMMAS.length; i++) {
            paper[i] = TABLE1_NORMALIZED[i];
            categories[i] = "normalized, γ=" + Format.number(TABLE1_GAMMAS[i]);
        }
        paper[TABLE1_GAMMAS.length] = TABLE1_LR_GD;
        categories[TABLE1_GAMMAS.length] = "LR+GD, γ=100";
        ctx.series("table1", SeriesTable.of("gamma", new double[] {100, 10, 1, 0.1, 100})
                .with("normalized (0) or plain (1)", new double[] {0, 0, 0, 0, 1})
                .with("paper", paper).with("measured", measured));
        ctx.plot("table1", BarPlot.titled("Iterations to separate the worst-case set (n = 1000)")
                .categories(categories).group("paper (Table 1)", paper).group("measured", measured)
                .yLabel("iterations").logY().valueLabels());

        ctx.series("iterations_vs_n", SeriesTable.of("n", ns).with("LR+GD", lrByN).with("Normalized LR+GD",
                normalizedByN));
        ctx.plot("iterations_vs_n", XYPlot.titled("Iterations against n (worst-case set, γ = 100)")
                .xLabel("n").yLabel("iterations to separate").logLog().legend(XYPlot.Legend.INSIDE_NW)
                .lineWithMarkers("LR+GD", ns, lrByN)
                .lineWithMarkers("Normalized LR+GD", ns, normalizedByN)
                .dashed("0.3 n", ns, scaled(ns, 0.3)));

        XYPlot loss = XYPlot.titled("LR+GD on the worst-case set (n = 100): loss before separating")
                .xLabel("iteration t + 1").yLabel("logistic loss").logLog().legend(XYPlot.Legend.OUTSIDE_E);
        XYPlot accuracy = XYPlot.titled("LR+GD on the worst-case set (n = 100): accuracy")
                .xLabel("iteration t + 1").yLabel("fraction separated").logX().legend(XYPlot.Legend.OUTSIDE_E);
        SeriesTable lossTable = null;
        for (int i = 0; i < SWEEP_GAMMAS.length; i++) {
            String name = "γ = " + Format.number(SWEEP_GAMMAS[i]);
            double[] t = new double[sweep[i].loss().length];
            for (int s = 0; s < t.length; s++) {
                t[s] = s + 1;
            }
            int before = Math.max(1, sweep[i].iterations());
            loss.line(name, Arrays.copyOf(t, before), Arrays.copyOf(sweep[i].loss(), before));
            accuracy.line(name, t, sweep[i].accuracy());
            String column = "loss gamma=" + Format.number(SWEEP_GAMMAS[i]);
            lossTable = lossTable == null ? SeriesTable.of(column, sweep[i].loss()) : lossTable.with(column,
                    sweep[i].loss());
            lossTable = lossTable.with("accuracy gamma=" + Format.number(SWEEP_GAMMAS[i]), sweep[i].accuracy());
        }
        ctx.series("step_sweep", lossTable);
        ctx.plot("step_sweep_loss", loss);
        ctx.plot("step_sweep_accuracy", accuracy);

        ctx.series("perceptron_limit", SeriesTable.of("gamma", c.limitGammas).with("max relative deviation",
                deviation));
        XYPlot limit = XYPlot.titled("||θ_t/γ − θ̂_t|| / ||θ̂_t|| (random data)")
                .xLabel("iteration t").yLabel("relative deviation").logY().legend(XYPlot.Legend.OUTSIDE_E);
        for (int i = 0; i < deviationByT.length; i++) {
            double[] t = new double[deviationByT[i].length];
            for (int s = 0; s < t.length; s++) {
                t[s] = s;
            }
            limit.lineWithMarkers("γ = " + Format.number(c.limitGammas[i]), t, deviationByT[i]);
        }
        ctx.plot("perceptron_limit", limit);
    }

    private static int iterations(SeparableData data, Method method, double gamma) {
        int t = LargeStepLogistic.run(data, method, gamma, MAX_ITERATIONS, false, false).iterations();
        if (t < 0) {
            throw new IllegalStateException("lr-perceptron: " + method + " with gamma = " + gamma
                    + " did not separate the data within " + MAX_ITERATIONS + " iterations");
        }
        return t;
    }

    private static double medianBeforeSeparation(Run run) {
        int end = run.iterations() < 0 ? run.loss().length : run.iterations();
        double[] l = Arrays.copyOf(run.loss(), end);
        Arrays.sort(l);
        return l.length % 2 == 1 ? l[l.length / 2] : 0.5 * (l[l.length / 2 - 1] + l[l.length / 2]);
    }

    /** ||theta_t / gamma - perceptron_t|| / ||perceptron_t|| for t = 0..T (0 at t = 0, where both are 0). */
    private static double[] relativeDeviation(double[][] lr, double[][] perceptron, double gamma) {
        double[] out = new double[perceptron.length];
        for (int t = 1; t < perceptron.length; t++) {
            double num = 0;
            double den = 0;
            for (int j = 0; j < perceptron[t].length; j++) {
                double diff = lr[t][j] / gamma - perceptron[t][j];
                num += diff * diff;
                den += perceptron[t][j] * perceptron[t][j];
            }
            out[t] = Math.sqrt(num / den);
        }
        return out;
    }

    private static double minAbsMarginAlongPath(SeparableData data, double[][] thetas) {
        double[] m = new double[data.n];
        double min = Double.POSITIVE_INFINITY;
        for (int t = 1; t < thetas.length; t++) {
            data.margins(thetas[t], m);
            for (double v : m) {
                min = Math.min(min, Math.abs(v));
            }
        }
        return min;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = s * v[i];
        }
        return out;
    }
}
