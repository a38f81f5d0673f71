package dev.gradus.lab.experiments.theory;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.SeriesTable;
import dev.gradus.lab.Trial;
import dev.gradus.optim.bcd.BcdProblem;
import dev.gradus.optim.bcd.BcdResult;
import dev.gradus.optim.bcd.BlockCoordinateDescent;
import dev.gradus.optim.bcd.BlockUpdate;
import dev.gradus.optim.bcd.DatasetA;
import dev.gradus.optim.bcd.SelectionRule;
import dev.gradus.optim.bcd.SparseDesignMatrix;
import dev.gradus.plot.XYPlot;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Greedy block coordinate descent (Nutini, Laradji, Schmidt, JMLR 2022) on the digest's scaled-down Dataset A:
 * least squares {@code ½‖Aw − b‖²}, {@code A} 300×1500 with entries {@code (N(0,1) + 1)·s_j}, column scales
 * {@code s_j = 10·N(0,1)}, each entry kept with probability {@code 10 log(n)/n}, {@code w*} 10% dense,
 * {@code b = Aw* + N(0,1)}. Blocks of 5 from the Sort partition, iterations from {@code w = 0}. Every method is
 * the library's {@link BlockCoordinateDescent}; the experiment only measures the optimality gap
 * {@code f(w_T) − f*} as decades of reduction {@code log10((f(w_0) − f*) / (f(w_T) − f*))}.
 *
 * <p>Claims (thresholds from the digest's numpy table at 500 iterations: GSL-Lb 5.5 decades, GS-Lb 2.9,
 * cyclic 3.1, random 2.5; GSQ-Hb 7.4, GSL-Hb 7.2; VB-GSL-Hb 12.5): GSL reaches 4 decades where GS, cyclic and
 * random do not; GSQ with Newton updates reaches 6.5 where GSL with the 1/L_b step does not; variable blocks with
 * Newton reach 9 where fixed blocks do not.
 */
public final class BcdGreedy implements Experiment {

    /** The digest's f − f* after 500 iterations, for the comparison table (numpy check). */
    private static final String[] TABLE_METHODS = {"cyclic_lb", "random_lb", "lipschitz_lb", "gs_lb", "gsd_lb",
        "gsl_lb", "random_hb", "gs_hb", "gsl_hb", "gsq_hb", "vb_gs_lb", "vb_gsl_lb", "vb_gsl_hb"};
    private static final double[] DIGEST_GAP = {539, 2116, 8794, 747, 3.5, 2.2, 1128, 283, 0.038, 0.023, 84, 0.64,
        2.0e-7};

    @Override
    public String id() {
        return "bcd-greedy";
    }

    @Override
    public String paper() {
        return "Let's Make Block Coordinate Descent Converge Faster: Faster Greedy Rules, Message-Passing, "
                + "Active-Set Complexity, and Superlinear Convergence";
    }

    @Override
    public String reference() {
        return "J. Nutini, I. Laradji, M. Schmidt, JMLR 23, 2022";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/1712.08859";
    }

    @Override
    public String claim() {
        return "Lipschitz-aware greedy rules (GSL, GSQ), Newton block updates and variable blocks converge much "
                + "faster than GS, random and cyclic selection when the coordinate Lipschitz constants vary.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("Dataset A, 1000×10000 sparse least squares, blocks of 5, hundreds of iterations",
                "300×1500 with the same construction, blocks of 5, Sort partition, 500 iterations (quick and full;"
                        + " full only adds seeds, about 4× the quick cost)",
                "the claims depend on how much the coordinate Lipschitz constants vary (column scales 10·N(0,1)) "
                        + "and on the Sort partition, both kept; the digest's numpy check at this size shows the "
                        + "paper's ordering");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                gslOver("gs_lb", "plain GS ignores the Lipschitz constants and picks blocks with large gradients "
                        + "but large curvature"),
                gslOver("cyclic_lb", "cyclic selection visits every block equally often"),
                gslOver("random_lb", "uniform random selection visits every block equally often"),
                Claim.that("newton", "GSQ with Newton block updates reduces f − f* by at least 6.5 decades in "
                                + "500 iterations")
                        .test(s -> Criterion.atLeast(s + ".decades", 6.5))
                        .subject("gsq_hb")
                        .control("gsl_lb", "the same greedy family with the 1/L_b step uses only a bound on the "
                                + "block Hessian")
                        .build(),
                Claim.that("variable-blocks", "Variable blocks (top-5 coordinates by GSL) with Newton updates "
                                + "reduce f − f* by at least 9 decades in 500 iterations")
                        .test(s -> Criterion.atLeast(s + ".decades", 9))
                        .subject("vb_gsl_hb")
                        .control("gsl_hb", "fixed Sort blocks cannot group the coordinates that matter now")
                        .build());
    }

    private static Claim gslOver(String control, String why) {
        return Claim.that("gsl-over-" + control.replace("_lb", ""),
                        "GSL with the 1/L_b step reduces f − f* by at least 4 decades in 500 iterations")
                .test(s -> Criterion.atLeast(s + ".decades", 4))
                .subject("gsl_lb")
                .control(control, why)
                .build();
    }

    @Override
    public void trial(Trial t) {
        int rows = 300;
        int cols = 1500;
        int iterations = 500;
        double[][] a = DatasetA.design(rows, cols, t.random("design"));
        double[] b = DatasetA.targets(a, t.random("targets"));
        BcdProblem problem = BcdProblem.leastSquares(SparseDesignMatrix.ofDense(a), b);
        double fStar = leastSquaresOptimum(a, b, problem);
        double f0 = problem.objective(new double[cols]);
        t.metric("initial_gap", f0 - fStar);
        long ruleSeed = t.random("selection").nextLong();
        for (int m = 0; m < TABLE_METHODS.length; m++) {
            String who = TABLE_METHODS[m];
            t.progress(who, m / (double) TABLE_METHODS.length);
            BcdResult r = solver(who).seed(ruleSeed).solve(problem, iterations);
            double[] gap = new double[r.objective().length];
            for (int k = 0; k < gap.length; k++) {
                // The pseudo-inverse's f* carries rounding of order 1e-12·f0; below that the gap is not resolved.
                gap[k] = Math.max(r.objective()[k] - fStar, 1e-12 * f0);
            }
            t.metric(who + ".gap", gap[gap.length - 1]);
            t.metric(who + ".decades", Math.log10((f0 - fStar) / gap[gap.length - 1]));
            t.metric(who + ".gradient_evaluations", r.gradientEvaluations()[r.gradientEvaluations().length - 1]);
            t.curve(who, gap);
        }
    }

    /** The solver for a method name {@code [vb_]rule_update}. */
    static BlockCoordinateDescent solver(String who) {
        boolean vb = who.startsWith("vb_");
        String[] parts = (vb ? who.substring(3) : who).split("_");
        return new BlockCoordinateDescent()
                .rule(SelectionRule.valueOf(parts[0].toUpperCase(java.util.Locale.ROOT)))
                .update(parts[1].equals("hb") ? BlockUpdate.NEWTON : BlockUpdate.LIPSCHITZ)
                .blockSize(5)
                .variableBlocks(vb);
    }

    /** {@code f*} at the minimum-norm solution {@code A⁺b} (an independent dense solve, EJML's SVD). */
    static double leastSquaresOptimum(double[][] a, double[] b, BcdProblem problem) {
        DMatrixRMaj am = new DMatrixRMaj(a);
        DMatrixRMaj pinv = new DMatrixRMaj(a[0].length, a.length);
        CommonOps_DDRM.pinv(am, pinv);
        DMatrixRMaj x = new DMatrixRMaj(a[0].length, 1);
        CommonOps_DDRM.mult(pinv, new DMatrixRMaj(b.length, 1, true, b), x);
        return problem.objective(x.getData());
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Dataset A scaled down to 300×1500 (digest construction), blocks of 5 from the Sort "
                + "partition, 500 iterations from w = 0; f* from the pseudo-inverse solution. Lb = 1/L_b step, "
                + "Hb = Newton step on the block, VB = variable blocks (top 5 coordinates by the rule).");
        double[] ours = new double[TABLE_METHODS.length];
        double[] index = new double[TABLE_METHODS.length];
        StringBuilder table = new StringBuilder("Median f − f* after 500 iterations, ours vs the digest's numpy "
                + "check (different random draws; f(w0) − f* = " + String.format("%.3g",
                seeds.median("initial_gap")) + " here, 6.3e5 there): ");
        for (int m = 0; m < TABLE_METHODS.length; m++) {
            index[m] = m;
            ours[m] = seeds.median(TABLE_METHODS[m] + ".gap");
            table.append(String.format("%s %.3g [%.3g]%s", TABLE_METHODS[m], ours[m], DIGEST_GAP[m],
                    m + 1 < TABLE_METHODS.length ? "; " : "."));
        }
        report.note(table.toString());
        report.note("Lipschitz sampling is reported, not asserted: the digest found it worse than uniform "
                + "sampling on this data (it over-samples the few huge-L blocks).");
        report.series("final_gap", SeriesTable.of("method_index", index).with("ours_median", ours)
                .with("digest", DIGEST_GAP));
        report.keyMetric("gsl_lb_median_decades", seeds.median("gsl_lb.decades"));
        report.keyMetric("vb_gsl_hb_median_decades", seeds.median("vb_gsl_hb.decades"));
        XYPlot plot = XYPlot.titled("f − f* (median over seeds)").xLabel("iteration").yLabel("f − f*").logY();
        for (String who : List.of("cyclic_lb", "random_lb", "gs_lb", "gsl_lb", "gsq_hb", "vb_gsl_hb")) {
            plot = plot.line(who, seeds.medianCurve(who));
        }
        report.plot("gap", plot);
    }
}
