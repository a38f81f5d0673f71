package dev.gradus.lab.experiments.theory;

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
import dev.gradus.tensor.RandomStream;
import java.util.List;
import java.util.Locale;
import org.hipparchus.special.Erf;

/**
 * Generative data augmentation on the binary Gaussian mixture (Zheng, Wu, Xu, Li, Zhu, "Toward Understanding
 * Generative Data Augmentation", NeurIPS 2023; the official simulation {@code main_simulation_bGMM.py}):
 * {@code y ∈ {±1}} uniform, {@code x | y ~ N(yμ, σ²I)}, {@code μ = 𝟙/√d}, {@code σ = 0.6}. The learner is
 * {@code θ̂ = mean of y·x} over the (augmented) training set. The generator is Gaussian naive Bayes fitted on the
 * {@code m} real points: class means {@code μ̂_y} and the prior-weighted per-dimension variance
 * {@code v = Σ_y π̂_y var_y} (ddof = 1); synthetic labels uniform, {@code x = μ̂_y + √v ⊙ z}; {@code γ m} synthetic
 * points are added. Training sets with a class of fewer than 2 points are redrawn.
 *
 * <p>Generalisation gap {@code |R_train(augmented set) − R_test|} for the 0-1 loss ({@code sign(xᵀθ̂)} against
 * {@code y}) and the NLL {@code ‖x − yθ‖²/(2σ²)}, averaged over repeats. The test risks are in closed form (the
 * official code samples 10,000 test points):
 * <pre>
 *   R_test^{0-1}(θ) = Φ(−μᵀθ / (σ‖θ‖)),   R_test^{NLL}(θ) = (‖μ − θ‖² + dσ²) / (2σ²)
 * </pre>
 *
 * <p>Claims, thresholds from the paper's lab design (fixed before running): at {@code d = 50, m = 10} the NLL gap
 * at {@code γ = 100} is below half the gap at {@code γ = 0} (control: "replay", {@code γ m} points resampled from
 * the real set, no generator); the test 0-1 error does not improve, {@code err(γ = 100) − err(γ = 0) ≥ −0.01}
 * (control: an oracle adding {@code γ m} points from the true distribution); the log-log slope of the 0-1 gap
 * over {@code m ∈ {20, 50, 100, 200, 500}} at {@code d = 1} moves by at most 0.1 between {@code γ = 0} and
 * {@code γ = 20} (control: a fixed 1000 extra points from the true distribution, a divergence-free generator,
 * which flattens the rate).
 */
public final class Gda implements Experiment {

    private static final double SIGMA = 0.6;
    private static final int[] GAMMAS = {0, 1, 5, 20, 100};
    private static final int[] MS = {20, 50, 100, 200, 500};
    private static final int HIGH_D = 50;
    private static final int SMALL_M = 10;
    private static final int RATE_GAMMA = 20;
    private static final int ORACLE_FIXED = 1000;

    /** Where the extra points come from. */
    private enum Source { GENERATOR, REPLAY, ORACLE }

    @Override
    public String id() {
        return "gda";
    }

    @Override
    public String paper() {
        return "Toward Understanding Generative Data Augmentation";
    }

    @Override
    public String reference() {
        return "C. Zheng, G. Wu, F. Bao, Y. Cao, C. Li, J. Zhu, NeurIPS 2023";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2305.17476";
    }

    @Override
    public String claim() {
        return "Generative data augmentation shrinks the generalisation gap by a constant factor when m is small and "
                + "d high, without improving its rate in m or the test error.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("binary GMM, 1000 repeats, 10,000 test points, m grid at d = 1, d grid at m = 10, "
                        + "γ ∈ {0, 1, 2, 5, 10, 20, 50, 100}",
                "the same model and generator; per seed 200 (quick) or 1000 (full) repeats at d = 50, m = 10, "
                        + "γ ∈ {0, 1, 5, 20, 100}, and 400 (quick) or 1000 (full) repeats per m at d = 1, "
                        + "γ ∈ {0, 20}; closed-form test risks instead of 10,000 test points; the d grid is left out",
                "the claims are about the gap at small m / high d and the slope over m, both measured here; the "
                        + "closed-form test risk removes test-sampling noise, and seeds replace the extra repeats");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("gap-shrinks", "At d = 50, m = 10 the NLL gap at γ = 100 is below half the gap at γ = 0")
                        .test(s -> Criterion.atMost(s + ".nll_gap_ratio", 0.5))
                        .subject("gda")
                        .control("replay", "resampling the real points adds no new information, so the trained "
                                + "θ̂ and its gap stay where they were")
                        .build(),
                Claim.that("no-test-gain", "At d = 50, m = 10 augmentation does not improve the test 0-1 error: "
                                + "err(γ = 100) − err(γ = 0) ≥ −0.01")
                        .test(s -> Criterion.atLeast(s + ".test_error_change", -0.01))
                        .subject("gda")
                        .control("oracle", "γ m extra points from the true distribution are more real data and "
                                + "lower the test error")
                        .build(),
                Claim.that("no-rate-gain", "At d = 1 the log-log slope of the 0-1 gap over m = 20..500 changes by at "
                                + "most 0.1 between γ = 0 and γ = 20")
                        .test(s -> Criterion.atMost(s + ".slope_change", 0.1))
                        .subject("gda")
                        .control("oracle_fixed", "1000 extra points from the true distribution at every m, a "
                                + "generator of divergence 0, flatten the gap's decay in m")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        int highRepeats = t.quick() ? 200 : 1000;
        int rateRepeats = t.quick() ? 400 : 1000;
        int mMax = MS[MS.length - 1];
        Workspace w = new Workspace(HIGH_D, Math.max(SMALL_M * (1 + GAMMAS[GAMMAS.length - 1]) + ORACLE_FIXED,
                Math.max(mMax * (1 + RATE_GAMMA), mMax + ORACLE_FIXED)));
        double[] nllGap = new double[GAMMAS.length];
        double[] zeroOneGap = new double[GAMMAS.length];
        double[] testError = new double[GAMMAS.length];
        for (int g = 0; g < GAMMAS.length; g++) {
            Risks r = average(w, HIGH_D, SMALL_M, GAMMAS[g] * SMALL_M, Source.GENERATOR, highRepeats,
                    t.random("high-d/" + GAMMAS[g]));
            nllGap[g] = r.nllGap;
            zeroOneGap[g] = r.zeroOneGap;
            testError[g] = r.testError;
        }
        int last = GAMMAS.length - 1;
        t.metric("gda.nll_gap_ratio", nllGap[last] / nllGap[0]);
        t.metric("gda.test_error_change", testError[last] - testError[0]);
        t.metric("gda.nll_gap_gamma0", nllGap[0]);
        t.metric("gda.nll_gap_gamma100", nllGap[last]);
        t.metric("gda.test_error_gamma0", testError[0]);
        t.metric("gda.test_error_gamma100", testError[last]);
        t.curve("gda.nll_gap", nllGap);
        t.curve("gda.zero_one_gap", zeroOneGap);
        t.curve("gda.test_error", testError);
        int extra = GAMMAS[last] * SMALL_M;
        Risks replay = average(w, HIGH_D, SMALL_M, extra, Source.REPLAY, highRepeats, t.random("high-d/replay"));
        t.metric("replay.nll_gap_ratio", replay.nllGap / nllGap[0]);
        Risks oracle = average(w, HIGH_D, SMALL_M, extra, Source.ORACLE, highRepeats, t.random("high-d/oracle"));
        t.metric("oracle.test_error_change", oracle.testError - testError[0]);

        double[] logM = new double[MS.length];
        double[] plain = new double[MS.length];
        double[] augmented = new double[MS.length];
        double[] fixed = new double[MS.length];
        for (int i = 0; i < MS.length; i++) {
            int m = MS[i];
            logM[i] = Math.log(m);
            plain[i] = average(w, 1, m, 0, Source.GENERATOR, rateRepeats, t.random("rate/plain/" + m)).zeroOneGap;
            augmented[i] = average(w, 1, m, RATE_GAMMA * m, Source.GENERATOR, rateRepeats,
                    t.random("rate/gda/" + m)).zeroOneGap;
            fixed[i] = average(w, 1, m, ORACLE_FIXED, Source.ORACLE, rateRepeats, t.random("rate/oracle/" + m))
                    .zeroOneGap;
        }
        double slopePlain = slope(logM, plain);
        double slopeGda = slope(logM, augmented);
        double slopeFixed = slope(logM, fixed);
        t.metric("plain.slope", slopePlain);
        t.metric("gda.slope", slopeGda);
        t.metric("oracle_fixed.slope", slopeFixed);
        t.metric("gda.slope_change", Math.abs(slopeGda - slopePlain));
        t.metric("oracle_fixed.slope_change", Math.abs(slopeFixed - slopePlain));
        t.curve("rate.plain", plain);
        t.curve("rate.gda", augmented);
        t.curve("rate.oracle_fixed", fixed);
    }

    /** Mean gaps and test error of one setting. */
    private record Risks(double zeroOneGap, double nllGap, double testError) {
    }

    /** Buffers for one training set: rows of {@code x} and labels, reused across repeats. */
    private static final class Workspace {
        final double[] x;
        final int[] y;
        final double[] theta;
        final double[][] classMean = new double[2][];
        final double[] variance;

        Workspace(int d, int rows) {
            x = new double[rows * d];
            y = new int[rows];
            theta = new double[d];
            classMean[0] = new double[d];
            classMean[1] = new double[d];
            variance = new double[d];
        }
    }

    private static Risks average(Workspace w, int d, int m, int extra, Source source, int repeats, RandomStream rng) {
        double gap01 = 0.0;
        double gapNll = 0.0;
        double err = 0.0;
        for (int r = 0; r < repeats; r++) {
            drawReal(w, d, m, rng);
            switch (source) {
                case GENERATOR -> generate(w, d, m, extra, rng);
                case REPLAY -> replay(w, d, m, extra, rng);
                case ORACLE -> {
                    for (int k = m; k < m + extra; k++) {
                        drawPoint(w, d, k, rng);
                    }
                }
            }
            int n = m + extra;
            double[] th = w.theta;
            java.util.Arrays.fill(th, 0.0);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < d; j++) {
                    th[j] += w.y[k] * w.x[k * d + j];
                }
            }
            for (int j = 0; j < d; j++) {
                th[j] /= n;
            }
            double wrong = 0.0;
            double nll = 0.0;
            for (int k = 0; k < n; k++) {
                double dot = 0.0;
                double sq = 0.0;
                for (int j = 0; j < d; j++) {
                    double xj = w.x[k * d + j];
                    dot += xj * th[j];
                    double e = xj - w.y[k] * th[j];
                    sq += e * e;
                }
                if ((dot >= 0 ? 1 : -1) != w.y[k]) {
                    wrong++;
                }
                nll += sq / (2 * SIGMA * SIGMA);
            }
            double muDotTheta = 0.0;
            double thetaNorm2 = 0.0;
            double distance2 = 0.0;
            double mu = 1.0 / Math.sqrt(d);
            for (int j = 0; j < d; j++) {
                muDotTheta += mu * th[j];
                thetaNorm2 += th[j] * th[j];
                distance2 += (mu - th[j]) * (mu - th[j]);
            }
            double test01 = thetaNorm2 == 0.0 ? 0.5
                    : normalCdf(-muDotTheta / (SIGMA * Math.sqrt(thetaNorm2)));
            double testNll = (distance2 + d * SIGMA * SIGMA) / (2 * SIGMA * SIGMA);
            gap01 += Math.abs(wrong / n - test01);
            gapNll += Math.abs(nll / n - testNll);
            err += test01;
        }
        return new Risks(gap01 / repeats, gapNll / repeats, err / repeats);
    }

    /** {@code m} real points in rows {@code 0..m-1}, redrawn until each class has at least 2 (ddof = 1). */
    private static void drawReal(Workspace w, int d, int m, RandomStream rng) {
        while (true) {
            int positives = 0;
            for (int k = 0; k < m; k++) {
                drawPoint(w, d, k, rng);
                if (w.y[k] > 0) {
                    positives++;
                }
            }
            if (positives >= 2 && m - positives >= 2) {
                return;
            }
        }
    }

    /** One point of the true mixture in row {@code k}. */
    private static void drawPoint(Workspace w, int d, int k, RandomStream rng) {
        int y = rng.bernoulli(0.5) ? 1 : -1;
        double mu = 1.0 / Math.sqrt(d);
        w.y[k] = y;
        for (int j = 0; j < d; j++) {
            w.x[k * d + j] = y * mu + SIGMA * rng.normal();
        }
    }

    /** Gaussian naive Bayes on rows {@code 0..m-1}, then {@code extra} synthetic rows after them. */
    private static void generate(Workspace w, int d, int m, int extra, RandomStream rng) {
        if (extra == 0) {
            return;
        }
        int[] count = new int[2];
        java.util.Arrays.fill(w.classMean[0], 0.0);
        java.util.Arrays.fill(w.classMean[1], 0.0);
        for (int k = 0; k < m; k++) {
            int c = w.y[k] > 0 ? 1 : 0;
            count[c]++;
            for (int j = 0; j < d; j++) {
                w.classMean[c][j] += w.x[k * d + j];
            }
        }
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < d; j++) {
                w.classMean[c][j] /= count[c];
            }
        }
        // Prior-weighted per-class variances, each with ddof = 1: Σ_c (n_c/m) Σ_k∈c (x − μ̂_c)² / (n_c − 1).
        java.util.Arrays.fill(w.variance, 0.0);
        for (int k = 0; k < m; k++) {
            int c = w.y[k] > 0 ? 1 : 0;
            double weight = (count[c] / (double) m) / (count[c] - 1);
            for (int j = 0; j < d; j++) {
                double e = w.x[k * d + j] - w.classMean[c][j];
                w.variance[j] += weight * e * e;
            }
        }
        for (int k = m; k < m + extra; k++) {
            int y = rng.bernoulli(0.5) ? 1 : -1;
            double[] mean = w.classMean[y > 0 ? 1 : 0];
            w.y[k] = y;
            for (int j = 0; j < d; j++) {
                w.x[k * d + j] = mean[j] + Math.sqrt(w.variance[j]) * rng.normal();
            }
        }
    }

    /** {@code extra} rows copied from uniformly chosen real rows. */
    private static void replay(Workspace w, int d, int m, int extra, RandomStream rng) {
        for (int k = m; k < m + extra; k++) {
            int src = rng.nextInt(m);
            w.y[k] = w.y[src];
            System.arraycopy(w.x, src * d, w.x, k * d, d);
        }
    }

    private static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2.0));
    }

    /** Least-squares slope of {@code log y} against {@code x}. */
    private static double slope(double[] x, double[] y) {
        int n = x.length;
        double mx = 0.0;
        double my = 0.0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += Math.log(y[i]);
        }
        mx /= n;
        my /= n;
        double sxy = 0.0;
        double sxx = 0.0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (Math.log(y[i]) - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Binary GMM, σ = 0.6, μ = 𝟙/√d; θ̂ = mean of y·x over real plus γ m synthetic points from a "
                + "Gaussian naive Bayes fitted on the m real ones; closed-form test risks.");
        report.keyMetric("median_nll_gap_ratio", seeds.median("gda.nll_gap_ratio"));
        report.keyMetric("median_test_error_change", seeds.median("gda.test_error_change"));
        report.keyMetric("median_slope_change", seeds.median("gda.slope_change"));
        report.note(String.format(Locale.ROOT, "Medians over seeds at d = 50, m = 10: NLL gap %.3f (γ = 0) → %.3f "
                        + "(γ = 100); test 0-1 error %.3f → %.3f. At d = 1: gap slope over m %.3f without and %.3f "
                        + "with γ = 20 augmentation; %.3f with 1000 extra true points.",
                seeds.median("gda.nll_gap_gamma0"), seeds.median("gda.nll_gap_gamma100"),
                seeds.median("gda.test_error_gamma0"), seeds.median("gda.test_error_gamma100"),
                seeds.median("plain.slope"), seeds.median("gda.slope"), seeds.median("oracle_fixed.slope")));
        double[] gammas = new double[GAMMAS.length];
        for (int g = 0; g < GAMMAS.length; g++) {
            gammas[g] = GAMMAS[g];
        }
        double[] ms = new double[MS.length];
        for (int i = 0; i < MS.length; i++) {
            ms[i] = MS[i];
        }
        report.plot("gap_vs_gamma", XYPlot.titled("d = 50, m = 10 (median over seeds)").xLabel("γ")
                .yLabel("gap / error")
                .lineWithMarkers("NLL gap", gammas, seeds.medianCurve("gda.nll_gap"))
                .lineWithMarkers("0-1 gap", gammas, seeds.medianCurve("gda.zero_one_gap"))
                .lineWithMarkers("test 0-1 error", gammas, seeds.medianCurve("gda.test_error")));
        report.plot("gap_vs_m", XYPlot.titled("d = 1: 0-1 gap over m (median over seeds)").xLabel("m")
                .yLabel("0-1 gap").logX().logY()
                .lineWithMarkers("γ = 0", ms, seeds.medianCurve("rate.plain"))
                .lineWithMarkers("γ = 20", ms, seeds.medianCurve("rate.gda"))
                .lineWithMarkers("+1000 true points", ms, seeds.medianCurve("rate.oracle_fixed")));
    }
}
