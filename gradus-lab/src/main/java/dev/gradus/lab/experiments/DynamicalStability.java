package dev.gradus.lab.experiments;

import dev.gradus.autodiff.Var;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.LegacyExperiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Format;
import dev.gradus.lab.Result;
import dev.gradus.lab.SeriesTable;
import dev.gradus.optim.Objective;
import dev.gradus.optim.spec.Specs;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The implicit regularization of dynamical stability (Wu and Su, ICML 2023): a global minimum of an interpolating
 * square loss that SGD with batch 1 can stay at has {@code tr(H) <= 2/eta}, while for GD stability only bounds
 * {@code lambda_max(H) <= 2/eta}. For diagonal linear networks these sharpness measures control the l1 norm of the
 * learned linear predictor, so larger steps make SGD find sparser, better-generalizing interpolators; GD's weaker
 * constraint does not.
 *
 * <p>Spec: 05-theory-lab.md section 5 (its testbed is the digest's own design). Diagonal linear network
 * {@code beta = u*u - v*v}, sparse noiseless regression with d = 100, n = 40, {@code beta*} = 1 on the first three
 * coordinates, {@code x ~ N(0, I)}, loss {@code (1/2n) sum r_i^2}, initialization {@code u = v = 0.2}. Each run trains
 * with the library's {@code sgd} (batch 1, sampled uniformly with replacement, or the full batch for GD) until the
 * training loss is below 1e-10 (checked every 1000 steps) or 60000 steps. At the end, autodiff Hessian-vector
 * products give the exact {@code tr(H)} (one product per parameter) and {@code lambda_max(H)} (power iteration);
 * the Gauss-Newton forms {@code tr = (1/n) sum ||J_i||^2} and {@code lambda_max(J J^T / n)}, exact at interpolation,
 * check them. Test MSE on 2000 fresh points.
 *
 * <p>The spec's numpy check: SGD (B = 1) at eta = 0.01 / 0.03 / 0.05 / 0.06 ends with tr(H) = 42.6 / 35.2 / 20.2 /
 * 15.9 (2/eta = 200 / 66.7 / 40 / 33.3) and test MSE 0.947 / 0.766 / 0.277 / 0.088; GD at eta = 0.05 / 0.6 / 0.8 ends
 * with lambda_max = 4.81 / 3.29 / 2.49 (2/eta = 40 / 3.33 / 2.50) and test MSE 1.01 / 1.79 / 2.98.
 *
 * <p>Presets: quick runs the spec's SGD step sizes with one sampling seed; full adds 0.005, 0.02 and 0.04 and averages
 * five seeds per step size. GD runs the spec's 0.05, 0.6 and 0.8 and the steps between them in both. The paper's
 * two-layer ReLU experiments are not reproduced here.
 */
public final class DynamicalStability implements LegacyExperiment {
    private static final int D = 100;
    private static final int N = 40;
    private static final int SPARSITY = 3;
    private static final double INIT = 0.2;
    private static final int TEST = 2000;
    private static final int MAX_STEPS = 60_000;
    private static final int CHECK_EVERY = 1000;
    private static final int RECORD_EVERY = 100;
    private static final double TARGET_LOSS = 1e-10;
    private static final double DIVERGED_LOSS = 1e6;
    /** The spec's step sizes; the criterion reads these in both presets. */
    private static final double[] SGD_ETAS = {0.01, 0.03, 0.05, 0.06};
    /** The spec's GD step sizes (0.05, 0.6, 0.8) and points between them. */
    private static final double[] GD_ETAS = {0.05, 0.2, 0.4, 0.6, 0.7, 0.8};
    private static final double[] SGD_ETAS_FULL = {0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06};

    @Override
    public String id() {
        return "dynamical-stability";
    }

    @Override
    public String paper() {
        return "The Implicit Regularization of Dynamical Stability in Stochastic Gradient Descent";
    }

    @Override
    public String reference() {
        return "L. Wu, W. J. Su, ICML 2023";
    }

    @Override
    public String claim() {
        return "Minima that SGD (batch 1) reaches have tr(H) <= 2/eta while GD's only have lambda_max(H) <= 2/eta; "
                + "on a diagonal linear network larger steps therefore make SGD's interpolator flatter and better "
                + "on test data, and not GD's.";
    }

    /** The regression data: training and test inputs and targets. */
    private record Problem(Tensor x, Tensor y, Tensor xTest, Tensor yTest) {}

    /** One finished run. */
    private record Outcome(boolean sgd, double eta, int seed, int steps, boolean converged, boolean diverged,
                           double trainLoss, Curvature curvature, double gnTrace, double gnLambda, double l1,
                           double testMse, double[] recordedSteps, double[] recordedLoss) {
        String label() {
            return (sgd ? "SGD" : "GD") + " eta=" + Format.number(eta);
        }
    }

    @Override
    public Result run(ExperimentContext ctx) {
        boolean quick = ctx.quick();
        double[] sgdEtas = quick ? SGD_ETAS : SGD_ETAS_FULL;
        double[] gdEtas = GD_ETAS;
        int seeds = quick ? 1 : 5;
        ctx.setup(String.format(Locale.ROOT, "Diagonal linear network beta = u*u - v*v, d = %d, n = %d, beta* = 1 on "
                + "the first %d coordinates and 0 elsewhere, x ~ N(0, I), y = x . beta* (noiseless), loss "
                + "(1/2n) sum r_i^2, u = v = %s at start. SGD: sgd(lr=eta) on one example drawn uniformly with "
                + "replacement per step, eta in %s, %d sampling seed(s) each. GD: sgd(lr=eta) on the full batch, "
                + "eta in %s. Stop when the training loss is below %s (checked every %d steps) or after %d steps. "
                + "Test MSE on %d fresh points.", D, N, SPARSITY, Format.number(INIT), Arrays.toString(sgdEtas), seeds,
                Arrays.toString(gdEtas), Format.number(TARGET_LOSS), CHECK_EVERY, MAX_STEPS, TEST));

        Problem problem = problem(ctx.random("data"));
        List<Outcome> sgdRuns = new ArrayList<>();
        List<Outcome> gdRuns = new ArrayList<>();
        int total = sgdEtas.length * seeds + gdEtas.length;
        for (double eta : sgdEtas) {
            for (int s = 0; s < seeds; s++) {
                ctx.progress("SGD eta = " + Format.number(eta) + ", seed " + s, (sgdRuns.size()) / (double) total);
                sgdRuns.add(train(problem, true, eta, s, ctx));
            }
        }
        for (double eta : gdEtas) {
            ctx.progress("GD eta = " + Format.number(eta), (sgdRuns.size() + gdRuns.size()) / (double) total);
            gdRuns.add(train(problem, false, eta, 0, ctx));
        }

        // Per-eta means over seeds (one seed in the quick preset).
        double[] sgdTrace = meanBy(sgdRuns, sgdEtas, o -> o.curvature.trace());
        double[] sgdLambda = meanBy(sgdRuns, sgdEtas, o -> o.curvature.lambdaMax());
        double[] sgdTest = meanBy(sgdRuns, sgdEtas, Outcome::testMse);
        double[] sgdL1 = meanBy(sgdRuns, sgdEtas, Outcome::l1);
        double[] gdTrace = meanBy(gdRuns, gdEtas, o -> o.curvature.trace());
        double[] gdLambda = meanBy(gdRuns, gdEtas, o -> o.curvature.lambdaMax());
        double[] gdTest = meanBy(gdRuns, gdEtas, Outcome::testMse);
        double[] gdL1 = meanBy(gdRuns, gdEtas, Outcome::l1);

        double sgdWorstTrace = 0;
        for (Outcome o : sgdRuns) {
            sgdWorstTrace = o.converged ? Math.max(sgdWorstTrace, o.curvature.trace() * o.eta / 2) : sgdWorstTrace;
        }
        double gdWorstLambda = 0;
        int largest = -1; // the largest GD step size whose run reached a minimum
        for (int i = 0; i < gdRuns.size(); i++) {
            Outcome o = gdRuns.get(i);
            if (o.converged) {
                gdWorstLambda = Math.max(gdWorstLambda, o.curvature.lambdaMax() * o.eta / 2);
                largest = i;
            }
        }
        ctx.keyMetric("sgd_max_trace_times_eta_over_2", sgdWorstTrace);
        ctx.keyMetric("gd_max_lambda_times_eta_over_2", gdWorstLambda);
        for (int i = 0; i < sgdEtas.length; i++) {
            String e = Format.number(sgdEtas[i]);
            ctx.metric("sgd_trace_eta_" + e, sgdTrace[i]);
            ctx.metric("sgd_lambda_max_eta_" + e, sgdLambda[i]);
            ctx.metric("sgd_l1_eta_" + e, sgdL1[i]);
            ctx.metric("sgd_test_mse_eta_" + e, sgdTest[i]);
        }
        for (int i = 0; i < gdEtas.length; i++) {
            String e = Format.number(gdEtas[i]);
            ctx.metric("gd_lambda_max_eta_" + e, gdLambda[i]);
            ctx.metric("gd_lambda_times_eta_over_2_eta_" + e, gdLambda[i] * gdEtas[i] / 2);
            ctx.metric("gd_trace_eta_" + e, gdTrace[i]);
            ctx.metric("gd_l1_eta_" + e, gdL1[i]);
            ctx.metric("gd_test_mse_eta_" + e, gdTest[i]);
        }
        double gdBest = min(gdTest);
        double sgdBest = min(sgdTest);
        ctx.metric("gd_largest_converged_eta", largest < 0 ? Double.NaN : gdEtas[largest]);
        ctx.metric("gd_lambda_times_eta_over_2_at_largest_converged_eta",
                largest < 0 ? Double.NaN : gdLambda[largest] * gdEtas[largest] / 2);
        ctx.metric("gd_test_mse_largest_over_smallest_eta", largest < 0 ? Double.NaN : gdTest[largest] / gdTest[0]);
        ctx.keyMetric("sgd_best_test_mse_over_gd_best", sgdBest / gdBest);

        int powerNotConverged = 0;
        double gnDifference = 0;
        List<Outcome> all = new ArrayList<>(sgdRuns);
        all.addAll(gdRuns);
        List<String> unfinished = new ArrayList<>();
        for (Outcome o : all) {
            if (!o.converged) {
                unfinished.add(o.label() + (o.sgd ? " seed " + o.seed : "") + (o.diverged ? " (diverged)"
                        : " (training loss " + Format.number(o.trainLoss) + " after " + o.steps + " steps)"));
                continue;
            }
            powerNotConverged += o.curvature.converged() ? 0 : 1;
            gnDifference = Math.max(gnDifference, Math.abs(o.curvature.trace() - o.gnTrace) / o.gnTrace);
            gnDifference = Math.max(gnDifference, Math.abs(o.curvature.lambdaMax() - o.gnLambda) / o.gnLambda);
        }
        ctx.metric("sgd_runs_not_converged", count(sgdRuns, false));
        ctx.metric("gd_runs_not_converged", count(gdRuns, false));
        ctx.metric("power_iteration_not_converged", powerNotConverged);
        ctx.metric("hessian_vs_gauss_newton_max_relative_difference", gnDifference);

        record(ctx, sgdRuns, gdRuns, sgdEtas, gdEtas, sgdTrace, sgdLambda, sgdTest, sgdL1, gdTrace, gdLambda, gdTest,
                gdL1);
        if (largest >= 0) {
            ctx.note(String.format(Locale.ROOT, "SGD (batch 1): tr(H) = %s at eta = %s against 2/eta = %s; test MSE "
                    + "goes from %s to %s as eta grows from %s to %s. GD: lambda_max = %s at eta = %s (2/eta = %s), "
                    + "while its tr(H) stays between %s and %s and its test MSE goes from %s to %s: the lambda_max "
                    + "bound does not select a sparse interpolator.", f(sgdTrace, -1), f(sgdEtas, -1),
                    f(2 / sgdEtas[sgdEtas.length - 1]), f(sgdTest, 0), f(sgdTest, -1), f(sgdEtas, 0), f(sgdEtas, -1),
                    f(gdLambda, largest), f(gdEtas, largest), f(2 / gdEtas[largest]), f(min(gdTrace)),
                    f(max(gdTrace)), f(gdTest, 0), f(gdTest, largest)));
        }
        ctx.note("Only runs that reached a minimum (training loss below 1e-10) enter the metrics: the bounds are about "
                + "minima, and the Hessian elsewhere is not the quantity of the claim. Runs that did not: "
                + (unfinished.isEmpty() ? "none." : String.join("; ", unfinished) + ".") + " The spec's GD step 0.8 "
                + "sits just inside the stability limit at the start (lambda_max there is about 2.07 on the spec's "
                + "draw, 2/0.8 = 2.5): on other data draws GD at 0.8 diverges or keeps oscillating (a numpy check "
                + "over 8 draws: 3 diverged), so the near-equality clause reads the largest step size whose GD run "
                + "converged, and the GD sweep includes the steps between the spec's 0.05, 0.6 and 0.8.");
        ctx.note("The bound tr(H) <= 2/eta is loose here (the spec's numpy check: 15.9 against 33.3 at eta = 0.06): "
                + "SGD relocates to flatter minima well before the bound binds. GD at large eta ends near "
                + "lambda_max = 2/eta, the edge of stability. For batches B > 1 a bound of about 2B/eta is a heuristic "
                + "of the digest, not checked against the paper, and is not tested here.");

        String[] traceNames = names("sgd_trace_eta_", SGD_ETAS);
        String[] testNames = names("sgd_test_mse_eta_", SGD_ETAS);
        return ctx.conclude(Criterion.allOf(
                Criterion.precondition(Criterion.below("hessian_vs_gauss_newton_max_relative_difference", 1e-3)),
                Criterion.atMost("sgd_max_trace_times_eta_over_2", 1),
                Criterion.decreasing(traceNames),
                Criterion.decreasing(testNames),
                Criterion.atMost("gd_max_lambda_times_eta_over_2", 1),
                Criterion.atLeast("gd_lambda_times_eta_over_2_at_largest_converged_eta", 0.9),
                Criterion.atLeast("gd_test_mse_largest_over_smallest_eta", 1),
                Criterion.below("sgd_best_test_mse_over_gd_best", 1)));
    }

    private static void record(ExperimentContext ctx, List<Outcome> sgdRuns, List<Outcome> gdRuns, double[] sgdEtas,
                               double[] gdEtas, double[] sgdTrace, double[] sgdLambda, double[] sgdTest,
                               double[] sgdL1, double[] gdTrace, double[] gdLambda, double[] gdTest, double[] gdL1) {
        double[] bound = new double[60];
        double[] etaGrid = new double[bound.length];
        for (int i = 0; i < bound.length; i++) {
            etaGrid[i] = Math.exp(Math.log(0.004) + (Math.log(1.0) - Math.log(0.004)) * i / (bound.length - 1));
            bound[i] = 2 / etaGrid[i];
        }
        ctx.plot("trace_vs_eta", XYPlot.titled("SGD (batch 1): final tr(H) against the bound 2/eta")
                .xLabel("step size eta").yLabel("tr(H)").logLog().legend(XYPlot.Legend.OUTSIDE_E)
                .lineWithMarkers("SGD, tr(H)", sgdEtas, sgdTrace)
                .lineWithMarkers("GD, tr(H)", gdEtas, gdTrace)
                .dashed("2/eta", etaGrid, bound));
        ctx.plot("lambda_max_vs_eta", XYPlot.titled("GD: final lambda_max(H) against the bound 2/eta")
                .xLabel("step size eta").yLabel("lambda_max(H)").logLog().legend(XYPlot.Legend.OUTSIDE_E)
                .lineWithMarkers("GD, lambda_max", gdEtas, gdLambda)
                .lineWithMarkers("SGD, lambda_max", sgdEtas, sgdLambda)
                .dashed("2/eta", etaGrid, bound));
        ctx.plot("test_mse_vs_eta", XYPlot.titled("Test MSE of the interpolator found, by step size")
                .xLabel("step size eta").yLabel("test MSE").logX().legend(XYPlot.Legend.INSIDE_NW)
                .lineWithMarkers("SGD (batch 1)", sgdEtas, sgdTest)
                .lineWithMarkers("GD", gdEtas, gdTest));
        ctx.plot("l1_vs_eta", XYPlot.titled("||beta||_1 of the interpolator found (||beta*||_1 = 3)")
                .xLabel("step size eta").yLabel("||u*u - v*v||_1").logX().legend(XYPlot.Legend.INSIDE_NW)
                .lineWithMarkers("SGD (batch 1)", sgdEtas, sgdL1)
                .lineWithMarkers("GD", gdEtas, gdL1));
        XYPlot curves = XYPlot.titled("Training loss (seed 0 of each step size)").xLabel("step t")
                .yLabel("training loss").logLog().legend(XYPlot.Legend.OUTSIDE_E);
        List<Outcome> all = new ArrayList<>(sgdRuns);
        all.addAll(gdRuns);
        for (Outcome o : all) {
            if (o.seed == 0) {
                curves.line(o.label(), o.recordedSteps, o.recordedLoss);
            }
        }
        ctx.plot("training_loss", curves);

        int n = all.size();
        double[][] columns = new double[12][n];
        for (int i = 0; i < n; i++) {
            Outcome o = all.get(i);
            double[] row = {o.sgd ? 1 : N, o.eta, o.seed, o.steps, o.converged ? 1 : 0, o.trainLoss,
                    o.curvature.trace(), o.gnTrace, o.curvature.lambdaMax(), o.gnLambda, o.l1, o.testMse};
            for (int c = 0; c < row.length; c++) {
                columns[c][i] = row[c];
            }
        }
        String[] header = {"batch", "eta", "seed", "steps", "converged", "train_loss", "trace_hessian",
            "trace_gauss_newton", "lambda_max_hessian", "lambda_max_gauss_newton", "l1", "test_mse"};
        SeriesTable runs = SeriesTable.of(header[0], columns[0]);
        for (int c = 1; c < header.length; c++) {
            runs = runs.with(header[c], columns[c]);
        }
        ctx.series("runs", runs);
    }

    /** The number of runs that reached a minimum ({@code converged}) or did not. */
    private static int count(List<Outcome> runs, boolean converged) {
        int n = 0;
        for (Outcome o : runs) {
            n += o.converged == converged ? 1 : 0;
        }
        return n;
    }

    /**
     * The mean of {@code value} over the runs of each step size that reached a minimum, in the order of
     * {@code etas}; NaN where none did.
     */
    private static double[] meanBy(List<Outcome> runs, double[] etas, ToDoubleFunction<Outcome> value) {
        double[] out = new double[etas.length];
        for (int i = 0; i < etas.length; i++) {
            int count = 0;
            for (Outcome o : runs) {
                if (o.eta == etas[i] && o.converged) {
                    out[i] += value.applyAsDouble(o);
                    count++;
                }
            }
            out[i] /= count;
        }
        return out;
    }

    private static String[] names(String prefix, double[] etas) {
        String[] out = new String[etas.length];
        for (int i = 0; i < etas.length; i++) {
            out[i] = prefix + Format.number(etas[i]);
        }
        return out;
    }

    /** {@code v[i]} formatted, counting from the end for negative i. */
    private static String f(double[] v, int i) {
        return Format.number(v[i < 0 ? v.length + i : i]);
    }

    private static String f(double v) {
        return Format.number(v);
    }

    /** The smallest value that is not NaN (NaN if all are). */
    private static double min(double[] v) {
        double m = Double.NaN;
        for (double x : v) {
            m = Double.isNaN(m) || x < m ? x : m;
        }
        return m;
    }

    /** The largest value that is not NaN (NaN if all are). */
    private static double max(double[] v) {
        double m = Double.NaN;
        for (double x : v) {
            m = Double.isNaN(m) || x > m ? x : m;
        }
        return m;
    }

    private static Problem problem(RandomStream rng) {
        double[] x = new double[N * D];
        double[] xTest = new double[TEST * D];
        rng.fillNormal(x);
        rng.fillNormal(xTest);
        return new Problem(Tensor.of(x, N, D), Tensor.of(targets(x, N), N), Tensor.of(xTest, TEST, D),
                Tensor.of(targets(xTest, TEST), TEST));
    }

    /** {@code y = x . beta*} with {@code beta*} = 1 on the first SPARSITY coordinates. */
    private static double[] targets(double[] x, int rows) {
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < SPARSITY; j++) {
                y[i] += x[i * D + j];
            }
        }
        return y;
    }

    /** {@code (1/2m) sum (x_i . (u*u - v*v) - y_i)^2} over the rows of {@code x}. */
    static Var loss(Var u, Var v, Var x, Var y) {
        return x.matmul(u.square().sub(v.square())).sub(y).square().mean().mul(0.5);
    }

    private Outcome train(Problem p, boolean sgd, double eta, int seed, ExperimentContext ctx) {
        TensorMap params = new TensorMap();
        params.put("u", Tensor.full(INIT, D));
        params.put("v", Tensor.full(INIT, D));
        Var x = Var.constant(p.x);
        Var y = Var.constant(p.y);
        Objective objective;
        if (sgd) {
            RandomStream sampler = ctx.random("sgd-eta-" + eta + "-seed-" + seed);
            objective = Descent.autodiff(v -> {
                int i = sampler.nextInt(N);
                return loss(v.get("u"), v.get("v"), x.narrow(0, i, 1), y.narrow(0, i, 1));
            });
        } else {
            objective = Descent.autodiff(v -> loss(v.get("u"), v.get("v"), x, y));
        }
        int points = MAX_STEPS / RECORD_EVERY + 1;
        double[] recordedSteps = new double[points];
        double[] recordedLoss = new double[points];
        int[] recorded = {1};
        boolean[] status = {false, false}; // converged, diverged
        recordedLoss[0] = mse(p.x, p.y, params) / 2;
        int steps = Descent.run(Specs.transformation(String.format(Locale.ROOT, "sgd(lr=%s)", eta)), params, objective,
                MAX_STEPS, (t, q) -> {
                    if (t % RECORD_EVERY != 0) {
                        return true;
                    }
                    double l = mse(p.x, p.y, q) / 2;
                    recordedSteps[recorded[0]] = t;
                    recordedLoss[recorded[0]++] = l;
                    if (!(l < DIVERGED_LOSS)) {
                        status[1] = true;
                        return false;
                    }
                    if (t % CHECK_EVERY == 0 && l < TARGET_LOSS) {
                        status[0] = true;
                        return false;
                    }
                    return true;
                });
        double trainLoss = mse(p.x, p.y, params) / 2;
        Var u = Var.param(params.get("u"));
        Var v = Var.param(params.get("v"));
        Curvature curvature = Curvature.of(loss(u, v, x, y), List.of(u, v), ctx.random("power-iteration"), 20_000,
                1e-10);
        double[] gn = gaussNewton(p.x, params);
        double l1 = 0;
        for (int j = 0; j < D; j++) {
            l1 += Math.abs(u.value().data()[j] * u.value().data()[j] - v.value().data()[j] * v.value().data()[j]);
        }
        return new Outcome(sgd, eta, seed, steps, status[0], status[1], trainLoss, curvature, gn[0], gn[1], l1,
                mse(p.xTest, p.yTest, params), Arrays.copyOf(recordedSteps, recorded[0]),
                Arrays.copyOf(recordedLoss, recorded[0]));
    }

    /**
     * {tr, lambda_max} of the Gauss-Newton matrix {@code (1/n) sum J_i^T J_i}, {@code J_i = (2u x_i, -2v x_i)}: the
     * trace is {@code (1/n) sum ||J_i||^2} and the top eigenvalue is that of the n x n kernel {@code J J^T / n}.
     */
    private static double[] gaussNewton(Tensor x, TensorMap params) {
        double[] u = params.get("u").data();
        double[] v = params.get("v").data();
        double[] xd = x.data();
        double[] w = new double[D];
        for (int j = 0; j < D; j++) {
            w[j] = 4 * (u[j] * u[j] + v[j] * v[j]);
        }
        DMatrixRMaj kernel = new DMatrixRMaj(N, N);
        double trace = 0;
        for (int i = 0; i < N; i++) {
            for (int k = 0; k <= i; k++) {
                double s = 0;
                for (int j = 0; j < D; j++) {
                    s += xd[i * D + j] * xd[k * D + j] * w[j];
                }
                kernel.set(i, k, s / N);
                kernel.set(k, i, s / N);
            }
            trace += kernel.get(i, i);
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(N, false, true);
        if (!eig.decompose(kernel)) {
            throw new IllegalStateException("dynamical-stability: the eigendecomposition of the Gauss-Newton kernel "
                    + "failed");
        }
        double top = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < N; i++) {
            top = Math.max(top, eig.getEigenvalue(i).getReal());
        }
        return new double[] {trace, top};
    }

    /** The mean squared error of the predictor {@code u*u - v*v} on the rows of {@code x}. */
    private static double mse(Tensor x, Tensor y, TensorMap params) {
        double[] u = params.get("u").data();
        double[] v = params.get("v").data();
        double[] xd = x.data();
        double[] yd = y.data();
        int rows = yd.length;
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            double r = -yd[i];
            for (int j = 0; j < D; j++) {
                r += xd[i * D + j] * (u[j] * u[j] - v[j] * v[j]);
            }
            sum += r * r;
        }
        return sum / rows;
    }
}
