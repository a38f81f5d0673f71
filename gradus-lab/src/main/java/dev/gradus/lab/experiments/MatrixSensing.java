package dev.gradus.lab.experiments;

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
import dev.gradus.plot.XYPlot;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Over-parameterization slows down gradient descent in matrix sensing (Xiong, Ding and Du, ICLR 2024).
 *
 * <p>Four measurements on one random problem (spec: 05-theory-lab.md section 1, 01-optimizers.md section 10):
 * <ol>
 *   <li>symmetric GD on {@code X X^T} with k = r converges linearly, to the float64 floor;</li>
 *   <li>with k > r it converges sublinearly: along each redundant direction GD acts like
 *       {@code x <- x - eta x^3}, so {@code ||X X^T - M*||_F ~ sqrt(k-r) / (2 eta t)}, slope -1 on log-log axes;</li>
 *   <li>asymmetric GD on {@code F G^T} (k > r) converges linearly, at a rate that grows with the initial scale
 *       alpha (the paper's bound is exp(-Omega(alpha^2 T)));</li>
 *   <li>after one modified step (re-balancing F and G, {@link dev.gradus.optim.factor.Rebalancing}) the rate no longer depends on
 *       alpha.</li>
 * </ol>
 *
 * <p>Presets: quick is the spec's lab size (n = 20, r = 2, sigma = (1, 0.5), m = 600, eta = 0.05, T = 10^4,
 * k = 4); full is the paper's size (n = 50, r = 3, sigma = (1, 0.75, 0.5), m = 2000, eta = 0.05, T = 10^4, k = 5),
 * several minutes.
 */
public final class MatrixSensing implements Experiment {

    /** The sizes of one run. */
    private record Config(int n, double[] sigma, int m, double eta, int steps, int exactSteps, int kOver,
                          double alphaExact, double alphaOver, double[] alphas, int rebalanceAt,
                          int rebalancedSteps) {
        int r() {
            return sigma.length;
        }
    }

    private static final int STRIDE = 10;

    private static Config config(boolean quick) {
        double[] alphas = {0.01, 0.03, 0.1};
        return quick
                ? new Config(20, new double[] {1, 0.5}, 600, 0.05, 10_000, 3000, 4, 0.01, 0.1, alphas, 1000, 3000)
                : new Config(50, new double[] {1, 0.75, 0.5}, 2000, 0.05, 10_000, 3000, 5, 0.01, 0.1, alphas, 1000,
                        3000);
    }

    @Override
    public String id() {
        return "matrix-sensing";
    }

    @Override
    public String paper() {
        return "How Over-Parameterization Slows Down Gradient Descent in Matrix Sensing: "
                + "The Curses of Symmetry and Initialization";
    }

    @Override
    public String reference() {
        return "N. Xiong, L. Ding, S. S. Du, ICLR 2024";
    }

    @Override
    public String claim() {
        return "Symmetric over-parameterized GD (k > r) converges only sublinearly (error ~ 1/t) while k = r is linear; "
                + "asymmetric GD is linear at a rate that grows with the initialization scale alpha, and one modified "
                + "step makes the rate independent of alpha.";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2310.01769";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(3, 5).because("each seed runs 50,000 GD steps; a new problem and initialisation per seed");
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("n = 50, r = 3, m = 2000 measurements, 10^4 steps",
                "quick: n = 20, r = 2, m = 600, 10^4 steps, 3 seeds; full: the paper's size, 5 seeds (several "
                        + "minutes)",
                "the rates are per-iteration properties of GD on the same kind of problem; the smaller problem "
                        + "only changes constants");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        Config c = config(preset == Preset.QUICK);
        return List.of(
                Claim.that("exact-parametrization-linear", "With k = r, symmetric GD reaches error 1e-12 within "
                        + "3000 steps (linear convergence)")
                        .test(s -> Criterion.below(s + ".error_t3000", 1e-12))
                        .subject("sym_exact").control("sym_over", "the over-parameterized run (k > r), which the "
                                + "paper shows is sublinear").build(),
                Claim.that("over-parametrization-sublinear", "With k > r the error falls like 1/t: log-log slope "
                        + "in [-1.2, -0.8] over [T/4, T]")
                        .test(s -> Criterion.between(s + ".loglog_slope", -1.2, -0.8))
                        .subject("sym_over").control("sym_exact", "the exact parametrization, which converges "
                                + "linearly to the float64 floor").build(),
                Claim.that("asymmetric-rate-grows-with-alpha", "Asymmetric GD converges linearly at a rate that "
                        + "increases with the initial scale alpha (" + Arrays.toString(c.alphas) + ")")
                        .test(s -> Criterion.increasing(names(s + ".rate_alpha_", c.alphas)))
                        .subject("asym").control("rebalanced", "the runs with the one-step modification, whose "
                                + "rate the paper says no longer depends on alpha").build(),
                Claim.that("asymmetric-rate-alpha-squared", "The rate scales like alpha^2: its log-log slope "
                        + "against alpha is in [1.5, 2.5]")
                        .test(s -> Criterion.between(s + ".rate_alpha_exponent", 1.5, 2.5))
                        .subject("asym").control("rebalanced", "the modified runs").build(),
                Claim.that("modified-step-alpha-free", "After the one-step modification every run reaches 1e-8 "
                        + "within 2000 steps and the rates differ by at most 2x across alpha")
                        .test(s -> Criterion.allOf(Criterion.below(s + ".max_error_2000_after", 1e-8),
                                Criterion.atMost(s + ".rate_max_over_min", 2)))
                        .subject("rebalanced").control("asym", "the plain asymmetric runs").build());
    }

    private static String[] names(String prefix, double[] alphas) {
        String[] out = new String[alphas.length];
        for (int i = 0; i < alphas.length; i++) {
            out[i] = prefix + Format.number(alphas[i]);
        }
        return out;
    }

    @Override
    public void trial(Trial ctx) {
        Config c = config(ctx.quick());
        int r = c.r();
        int totalSteps = c.exactSteps + c.steps + c.alphas.length * (c.steps + c.rebalancedSteps);
        int[] done = {0};
        SensingProblem problem = SensingProblem.gaussian(c.n, c.sigma, c.m, ctx.random("problem"));

        ctx.progress("symmetric GD, k = r", 0);
        SensingGd.Trajectory exact = SensingGd.symmetric(problem, r, c.alphaExact, c.eta, c.exactSteps, STRIDE,
                ctx.random("init/symmetric-exact"));
        done[0] += c.exactSteps;
        ctx.progress("symmetric GD, k > r", done[0] / (double) totalSteps);
        SensingGd.Trajectory over = SensingGd.symmetric(problem, c.kOver, c.alphaOver, c.eta, c.steps, STRIDE,
                ctx.random("init/symmetric-over"));
        done[0] += c.steps;
        ctx.metric("sym_exact.error_t3000", exact.error()[indexOf(exact, 3000)]);
        ctx.metric("sym_over.error_t3000", over.error()[indexOf(over, 3000)]);
        // The log-log slope over the late window [T/4, T] of each run (the exact run's is flat at the floor).
        ctx.metric("sym_over.loglog_slope", Fit.logLogSlope(over.steps(), over.error(), indexOf(over, c.steps / 4),
                over.steps().length));
        ctx.metric("sym_exact.loglog_slope", Fit.logLogSlope(exact.steps(), exact.error(),
                indexOf(exact, c.exactSteps / 4), exact.steps().length));
        ctx.metric("sym_over.final_error", last(over.error()));
        ctx.metric("sym_over.predicted_final_error", Math.sqrt(c.kOver - r) / (2 * c.eta * c.steps));
        ctx.curve("sym_exact.steps", exact.steps());
        ctx.curve("sym_exact.error", exact.error());
        ctx.curve("sym_over.steps", over.steps());
        ctx.curve("sym_over.error", over.error());

        double[][] rates = new double[2][c.alphas.length];
        double[][] errorAfter = new double[2][c.alphas.length];
        for (int i = 0; i < c.alphas.length; i++) {
            String a = Format.number(c.alphas[i]);
            ctx.progress("asymmetric GD, alpha = " + a, done[0] / (double) totalSteps);
            SensingGd.Trajectory plain = SensingGd.asymmetric(problem, c.kOver, c.alphas[i], c.eta, c.steps, STRIDE,
                    -1, ctx.random("init/asymmetric-" + i));
            done[0] += c.steps;
            ctx.progress("asymmetric GD + one-step modification, alpha = " + a, done[0] / (double) totalSteps);
            // The same initial point as the plain run: the modification is the only difference.
            SensingGd.Trajectory balanced = SensingGd.asymmetric(problem, c.kOver, c.alphas[i], c.eta,
                    c.rebalancedSteps, STRIDE, c.rebalanceAt, ctx.random("init/asymmetric-" + i));
            done[0] += c.rebalancedSteps;
            rates[0][i] = localRate(plain, 0, c.steps);
            rates[1][i] = localRate(balanced, c.rebalanceAt + 500, c.rebalancedSteps);
            errorAfter[0][i] = plain.error()[indexOf(plain, c.rebalanceAt + 2000)];
            errorAfter[1][i] = balanced.error()[indexOf(balanced, c.rebalanceAt + 2000)];
            ctx.curve("asym.steps_" + a, plain.steps());
            ctx.curve("asym.error_" + a, plain.error());
            ctx.curve("rebalanced.steps_" + a, balanced.steps());
            ctx.curve("rebalanced.error_" + a, balanced.error());
        }
        String[] who = {"asym", "rebalanced"};
        for (int w = 0; w < 2; w++) {
            double min = Double.POSITIVE_INFINITY;
            double max = 0;
            double worst = 0;
            for (int i = 0; i < c.alphas.length; i++) {
                ctx.metric(who[w] + ".rate_alpha_" + Format.number(c.alphas[i]), rates[w][i]);
                min = Math.min(min, rates[w][i]);
                max = Math.max(max, rates[w][i]);
                worst = Math.max(worst, errorAfter[w][i]);
            }
            ctx.metric(who[w] + ".rate_alpha_exponent", Fit.logLogSlope(c.alphas, rates[w], 0, c.alphas.length));
            ctx.metric(who[w] + ".rate_max_over_min", max / min);
            ctx.metric(who[w] + ".max_error_2000_after", worst);
            ctx.curve(who[w] + ".rates", rates[w]);
        }
    }

    @Override
    public void summarize(ExperimentContext ctx, SeedResults seeds) {
        Config c = config(ctx.quick());
        int r = c.r();
        ctx.setup(String.format(Locale.ROOT, "Measurements y_i = <A_i, M*>, i = 1..%d, A_i with iid N(0, 1) entries "
                + "(not symmetric); M* = U diag(%s) U^T of size %d x %d and rank %d, U a random orthonormal basis. "
                + "Step size eta = %s; errors are ||M_t - M*||_F. Each seed draws a new problem and initialisation.",
                c.m, Arrays.toString(c.sigma), c.n, c.n, r, Format.number(c.eta)));
        ctx.setup(String.format(Locale.ROOT, "Symmetric GD X <- X - eta sym(R) X from X_0 with iid N(0, alpha^2) "
                + "entries: k = r = %d with alpha = %s for %d steps; k = %d with alpha = %s for %d steps. "
                + "Asymmetric GD (F <- F - eta R G, G <- G - eta R^T F; F_0 at scale alpha, G_0 at alpha/3) with "
                + "k = %d for alpha in %s, %d steps; the same runs with the one-step modification "
                + "F <- F (F^T F)^(-1/2), G <- G (F^T F)^(1/2) at t = %d, for %d steps.", r,
                Format.number(c.alphaExact), c.exactSteps, c.kOver, Format.number(c.alphaOver), c.steps, c.kOver,
                Arrays.toString(c.alphas), c.steps, c.rebalanceAt, c.rebalancedSteps));
        SeedOutcome first = seeds.first();
        if (first == null) {
            return;
        }
        Map<String, double[]> k = first.curves();
        SensingGd.Trajectory exact = new SensingGd.Trajectory(k.get("sym_exact.steps"), k.get("sym_exact.error"));
        SensingGd.Trajectory over = new SensingGd.Trajectory(k.get("sym_over.steps"), k.get("sym_over.error"));
        SensingGd.Trajectory[] plain = new SensingGd.Trajectory[c.alphas.length];
        SensingGd.Trajectory[] balanced = new SensingGd.Trajectory[c.alphas.length];
        for (int i = 0; i < c.alphas.length; i++) {
            String a = Format.number(c.alphas[i]);
            plain[i] = new SensingGd.Trajectory(k.get("asym.steps_" + a), k.get("asym.error_" + a));
            balanced[i] = new SensingGd.Trajectory(k.get("rebalanced.steps_" + a), k.get("rebalanced.error_" + a));
        }
        record(ctx, c, exact, over, plain, balanced, seeds.medianCurve("asym.rates"),
                seeds.medianCurve("rebalanced.rates"), indexOf(over, c.steps / 4));
        ctx.keyMetric("median_sym_over_loglog_slope", seeds.median("sym_over.loglog_slope"));
        double exponent = ctx.keyMetric("median_asym_rate_alpha_exponent", seeds.median("asym.rate_alpha_exponent"));
        ctx.metric("median_rebalanced_rate_max_over_min", seeds.median("rebalanced.rate_max_over_min"));
        ctx.note("Local linear rates are -d ln(error)/dt, fitted by least squares over the second half of each run's "
                + "part above 1e-12 (well above the float64 floor near 1e-15): [t_end/2, t_end] for the plain "
                + "asymmetric runs, and the second half of [t_mod + 500, t_end] for the modified ones, t_end being "
                + "the last step with error > 1e-12. The plots show seed " + first.seed() + "; the rate plot shows "
                + "medians over seeds.");
        ctx.note(String.format(Locale.ROOT, "The paper's rate exp(-Omega(alpha^2 T)) is a worst-case lower bound; the "
                + "measured local rates grow like alpha^%.2f over this sweep (median over seeds). The claim "
                + "asymmetric-rate-alpha-squared tests the alpha^2 form directly; asymmetric-rate-grows-with-alpha "
                + "tests only that the rate increases.", exponent));
        ctx.note("The one-step modification is a product-preserving re-balancing reconstructed from the paper's "
                + "description (its eq. 5.1 could not be retrieved), not verbatim the paper's step.");
    }

    private static void record(ExperimentContext ctx, Config c, SensingGd.Trajectory exact,
                               SensingGd.Trajectory over, SensingGd.Trajectory[] plain,
                               SensingGd.Trajectory[] balanced, double[] rates, double[] balancedRates,
                               int fitFrom) {
        int r = c.r();
        String exactName = "k = r = " + r;
        String overName = "k = " + c.kOver + " > r";
        ctx.series("symmetric", SeriesTable.of("t", over.steps())
                .with(exactName, exact.error()).with(overName, over.error()));
        ctx.plot("symmetric", XYPlot.titled("Symmetric GD: k = r against k > r")
                .xLabel("iteration t").yLabel("||XX^T - M*||_F").logY()
                .line(exactName, exact.steps(), exact.error())
                .line(overName, over.steps(), over.error()));

        double[] t = Arrays.copyOfRange(over.steps(), 1, over.steps().length);
        double[] reference = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            reference[i] = Math.sqrt(c.kOver - r) / (2 * c.eta * t[i]);
        }
        double[] fitT = Arrays.copyOfRange(over.steps(), fitFrom, over.steps().length);
        double[] fitE = Arrays.copyOfRange(over.error(), fitFrom, over.error().length);
        ctx.plot("symmetric_loglog", XYPlot.titled("Symmetric GD, k > r, on log-log axes")
                .xLabel("iteration t").yLabel("||XX^T - M*||_F").logLog()
                .line(overName, t, Arrays.copyOfRange(over.error(), 1, over.error().length))
                .scatter("fit window [T/4, T]", thin(fitT, 40), thin(fitE, 40))
                .dashed("sqrt(k-r)/(2 eta t)", t, reference));

        SeriesTable table = SeriesTable.of("t", plain[0].steps());
        XYPlot asym = XYPlot.titled("Asymmetric GD, k > r: plain and with the modified step")
                .xLabel("iteration t").yLabel("||FG^T - M*||_F").logY().legend(XYPlot.Legend.OUTSIDE_E);
        for (int i = 0; i < plain.length; i++) {
            String a = Format.number(c.alphas[i]);
            table = table.with("alpha=" + a, plain[i].error());
            asym.line("alpha = " + a, plain[i].steps(), plain[i].error());
        }
        for (int i = 0; i < balanced.length; i++) {
            String a = Format.number(c.alphas[i]);
            table = table.with("modified alpha=" + a, balanced[i].error());
            asym.dashed("modified, alpha = " + a, balanced[i].steps(), balanced[i].error());
        }
        ctx.series("asymmetric", table);
        ctx.plot("asymmetric", asym);

        double[] alpha2 = new double[c.alphas.length];
        double scale = rates[rates.length / 2] / sq(c.alphas[rates.length / 2]);
        for (int i = 0; i < alpha2.length; i++) {
            alpha2[i] = scale * sq(c.alphas[i]);
        }
        ctx.series("rates", SeriesTable.of("alpha", c.alphas).with("plain rate", rates)
                .with("modified rate", balancedRates));
        ctx.plot("rates", XYPlot.titled("Local linear rate against the initial scale alpha (medians)")
                .xLabel("alpha").yLabel("rate (per iteration)").logLog().legend(XYPlot.Legend.INSIDE_SE)
                .lineWithMarkers("asymmetric GD", c.alphas, rates)
                .lineWithMarkers("with the modified step", c.alphas, balancedRates)
                .dashed("~ alpha^2", c.alphas, alpha2));
    }

    /**
     * The local linear rate -d ln(error)/dt: a least-squares fit over the second half of [from, t_end], where t_end
     * is the last recorded step in [from, to] whose error is still above 1e-12 (a run that reaches the float64
     * floor early is measured before it, not on the flat floor).
     */
    private static double localRate(SensingGd.Trajectory tr, int from, int to) {
        double[] s = tr.steps();
        double[] e = tr.error();
        int lo = indexOf(tr, from);
        int end = indexOf(tr, to);
        while (end > lo && !(e[end] > 1e-12)) {
            end--;
        }
        int start = indexOf(tr, (int) ((s[lo] + s[end]) / 2));
        return -Fit.semiLogSlope(s, e, start, end + 1);
    }

    private static int indexOf(SensingGd.Trajectory tr, int step) {
        double[] s = tr.steps();
        for (int i = 0; i < s.length; i++) {
            if (s[i] >= step) {
                return i;
            }
        }
        return s.length - 1;
    }

    private static double[] thin(double[] v, int points) {
        int stride = Math.max(1, v.length / points);
        double[] out = new double[(v.length + stride - 1) / stride];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[i * stride];
        }
        return out;
    }

    private static double last(double[] v) {
        return v[v.length - 1];
    }

    private static double sq(double v) {
        return v * v;
    }
}
