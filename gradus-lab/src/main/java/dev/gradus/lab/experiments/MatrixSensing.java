package dev.gradus.lab.experiments;

import dev.gradus.lab.Criterion;
import dev.gradus.lab.LegacyExperiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Fit;
import dev.gradus.lab.Format;
import dev.gradus.lab.Result;
import dev.gradus.lab.SeriesTable;
import dev.gradus.plot.XYPlot;
import java.util.Arrays;
import java.util.Locale;

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
 *   <li>after one modified step (re-balancing F and G, {@link SensingGd#rebalance}) the rate no longer depends on
 *       alpha.</li>
 * </ol>
 *
 * <p>Presets: quick is the spec's lab size (n = 20, r = 2, sigma = (1, 0.5), m = 600, eta = 0.05, T = 10^4,
 * k = 4); full is the paper's size (n = 50, r = 3, sigma = (1, 0.75, 0.5), m = 2000, eta = 0.05, T = 10^4, k = 5),
 * several minutes.
 */
public final class MatrixSensing implements LegacyExperiment {

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
    public Result run(ExperimentContext ctx) {
        Config c = config(ctx.quick());
        int r = c.r();
        int totalSteps = c.exactSteps + c.steps + c.alphas.length * (c.steps + c.rebalancedSteps);
        int[] done = {0};
        ctx.setup(String.format(Locale.ROOT, "Measurements y_i = <A_i, M*>, i = 1..%d, A_i with iid N(0, 1) entries "
                + "(not symmetric); M* = U diag(%s) U^T of size %d x %d and rank %d, U a random orthonormal basis. "
                + "Step size eta = %s; errors are ||M_t - M*||_F.", c.m, Arrays.toString(c.sigma), c.n, c.n, r,
                Format.number(c.eta)));
        ctx.setup(String.format(Locale.ROOT, "Symmetric GD X <- X - eta sym(R) X from X_0 with iid N(0, alpha^2) "
                + "entries: k = r = %d with alpha = %s for %d steps; k = %d with alpha = %s for %d steps. "
                + "Asymmetric GD (F <- F - eta R G, G <- G - eta R^T F; F_0 at scale alpha, G_0 at alpha/3) with "
                + "k = %d for alpha in %s, %d steps; the same runs with the one-step modification "
                + "F <- F (F^T F)^(-1/2), G <- G (F^T F)^(1/2) at t = %d, for %d steps.", r,
                Format.number(c.alphaExact), c.exactSteps, c.kOver, Format.number(c.alphaOver), c.steps, c.kOver,
                Arrays.toString(c.alphas), c.steps, c.rebalanceAt, c.rebalancedSteps));

        SensingProblem problem = SensingProblem.gaussian(c.n, c.sigma, c.m, ctx.random("problem"));

        // 1. Symmetric, k = r.
        ctx.progress("symmetric GD, k = r", 0);
        SensingGd.Trajectory exact = SensingGd.symmetric(problem, r, c.alphaExact, c.eta, c.exactSteps, STRIDE,
                ctx.random("init/symmetric-exact"));
        done[0] += c.exactSteps;
        double exactAt3000 = exact.error()[indexOf(exact, 3000)];

        // 2. Symmetric, k > r: fit the log-log slope of the error over the late window [T/4, T].
        ctx.progress("symmetric GD, k > r", done[0] / (double) totalSteps);
        SensingGd.Trajectory over = SensingGd.symmetric(problem, c.kOver, c.alphaOver, c.eta, c.steps, STRIDE,
                ctx.random("init/symmetric-over"));
        done[0] += c.steps;
        int from = indexOf(over, c.steps / 4);
        double slope = Fit.logLogSlope(over.steps(), over.error(), from, over.steps().length);
        double finalOver = last(over.error());
        double predictedFinal = Math.sqrt(c.kOver - r) / (2 * c.eta * c.steps);

        // 3 and 4. Asymmetric, plain and with the one-step modification, for each alpha.
        SensingGd.Trajectory[] plain = new SensingGd.Trajectory[c.alphas.length];
        SensingGd.Trajectory[] balanced = new SensingGd.Trajectory[c.alphas.length];
        double[] rates = new double[c.alphas.length];
        double[] balancedRates = new double[c.alphas.length];
        double[] balancedAt = new double[c.alphas.length];
        for (int i = 0; i < c.alphas.length; i++) {
            String a = Format.number(c.alphas[i]);
            ctx.progress("asymmetric GD, alpha = " + a, done[0] / (double) totalSteps);
            plain[i] = SensingGd.asymmetric(problem, c.kOver, c.alphas[i], c.eta, c.steps, STRIDE, -1,
                    ctx.random("init/asymmetric-" + i));
            done[0] += c.steps;
            ctx.progress("asymmetric GD + one-step modification, alpha = " + a, done[0] / (double) totalSteps);
            // The same initial point as the plain run: the modification is the only difference.
            balanced[i] = SensingGd.asymmetric(problem, c.kOver, c.alphas[i], c.eta, c.rebalancedSteps, STRIDE,
                    c.rebalanceAt, ctx.random("init/asymmetric-" + i));
            done[0] += c.rebalancedSteps;
            rates[i] = localRate(plain[i], 0, c.steps);
            balancedRates[i] = localRate(balanced[i], c.rebalanceAt + 500, c.rebalancedSteps);
            balancedAt[i] = balanced[i].error()[indexOf(balanced[i], c.rebalanceAt + 2000)];
        }

        // Metrics, in the order of the claims.
        ctx.keyMetric("sym_k_eq_r_error_t3000", exactAt3000);
        ctx.keyMetric("sym_k_gt_r_loglog_slope", slope);
        ctx.metric("sym_k_gt_r_final_error", finalOver);
        ctx.metric("sym_k_gt_r_predicted_final_error", predictedFinal);
        String[] rateNames = new String[c.alphas.length];
        for (int i = 0; i < c.alphas.length; i++) {
            rateNames[i] = "asym_rate_alpha_" + Format.number(c.alphas[i]);
            ctx.metric(rateNames[i], rates[i]);
        }
        for (int i = 0; i < c.alphas.length; i++) {
            ctx.metric("asym_rate_over_alpha2_alpha_" + Format.number(c.alphas[i]), rates[i] / sq(c.alphas[i]));
        }
        double exponent = ctx.keyMetric("asym_rate_alpha_exponent", Fit.logLogSlope(c.alphas, rates, 0, rates.length));
        String[] balancedNames = new String[c.alphas.length];
        double minRate = Double.POSITIVE_INFINITY;
        double maxRate = 0;
        for (int i = 0; i < c.alphas.length; i++) {
            balancedNames[i] = "rebalanced_error_t" + (c.rebalanceAt + 2000) + "_alpha_" + Format.number(c.alphas[i]);
            ctx.metric(balancedNames[i], balancedAt[i]);
            ctx.metric("rebalanced_rate_alpha_" + Format.number(c.alphas[i]), balancedRates[i]);
            minRate = Math.min(minRate, balancedRates[i]);
            maxRate = Math.max(maxRate, balancedRates[i]);
        }
        ctx.keyMetric("rebalanced_rate_max_over_min", maxRate / minRate);

        record(ctx, c, exact, over, plain, balanced, rates, balancedRates, predictedFinal, from);

        ctx.note("Local linear rates are -d ln(error)/dt, fitted by least squares over the second half of each run's "
                + "part above 1e-12 (well above the float64 floor near 1e-15): [t_end/2, t_end] for the plain "
                + "asymmetric runs, and the second half of [t_mod + 500, t_end] for the modified ones, t_end being "
                + "the last step with error > 1e-12. The spec's window (error in [1e-9, 1e-3]) is not used because "
                + "the alpha = 0.01 run never enters it within T steps at the lab size (the spec's own lab run ended "
                + "at 1.3e-3).");
        ctx.note(String.format(Locale.ROOT, "The paper's rate exp(-Omega(alpha^2 T)) is a worst-case lower bound; the "
                + "measured local rates grow like alpha^%.2f over this sweep (asym_rate_alpha_exponent). The spec's "
                + "population check found rate/alpha^2 falling from 0.83 to 0.34 as alpha grows, i.e. growth slower "
                + "than alpha^2 as well, so the criterion tests what the spec's lab verdict tests: that the rate "
                + "increases with alpha.", exponent));
        ctx.note("The one-step modification is the spec's reconstruction (01-optimizers.md section 10): the paper's "
                + "eq. 5.1 could not be retrieved, so this is a product-preserving re-balancing, not verbatim the "
                + "paper's step.");

        return ctx.conclude(Criterion.allOf(
                Criterion.below("sym_k_eq_r_error_t3000", 1e-12),
                Criterion.between("sym_k_gt_r_loglog_slope", -1.2, -0.8),
                Criterion.increasing(rateNames),
                Criterion.allOf(Arrays.stream(balancedNames).map(name -> Criterion.below(name, 1e-8))
                        .toArray(Criterion[]::new)),
                Criterion.atMost("rebalanced_rate_max_over_min", 2)));
    }

    private static void record(ExperimentContext ctx, Config c, SensingGd.Trajectory exact,
                               SensingGd.Trajectory over, SensingGd.Trajectory[] plain,
                               SensingGd.Trajectory[] balanced, double[] rates, double[] balancedRates,
                               double predictedFinal, int fitFrom) {
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
        ctx.plot("rates", XYPlot.titled("Local linear rate against the initial scale alpha")
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
