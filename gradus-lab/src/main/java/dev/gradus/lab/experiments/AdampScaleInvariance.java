package dev.gradus.lab.experiments;

import dev.gradus.autodiff.Var;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Format;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.SeriesTable;
import dev.gradus.lab.Trial;
import dev.gradus.optim.Objective;
import dev.gradus.optim.spec.Specs;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Momentum inflates the norm of scale-invariant weights, and AdamP/SGDP prevent it (Heo et al., ICLR 2021).
 *
 * <p>The loss {@code l(w) = 1 - cos(w, w*)} is scale invariant, so its gradient is orthogonal to w and plain GD
 * obeys {@code ||w_{t+1}||^2 = ||w_t||^2 + eta^2 ||grad l(w_t)||^2} (the paper's lemma): every step grows the norm
 * and shrinks the effective step {@code eta / ||w||^2}. Momentum adds positive cross terms and inflates the norm much
 * faster; SGDP and AdamP remove the radial part of the update and keep the norm. d = 100, {@code ||w_0|| = 1}, 50
 * steps; w is one tensor of shape [1, 100] (one output channel) so that the channel-wise scale-invariance test of
 * the projection applies.
 *
 * <p>Three forms of SGDP run: the paper's algorithm ({@code sgdp(project_buffer=false)}: the projected direction
 * is a new variable and the momentum buffer keeps its radial part), the authors' official code without Nesterov
 * (the library's default {@code sgdp}, which projects the buffer in place) and with Nesterov. A single step's loss
 * is fragile (momentum methods oscillate around w*), so the claims read the loss averaged over the 50 steps and the
 * final norm, as medians over the problems of a seed; a second, noisy run adds Gaussian gradient noise and a cosine
 * learning-rate schedule.
 */
public final class AdampScaleInvariance implements Experiment {
    private static final int D = 100;
    private static final int STEPS = 50;
    private static final double LR_SGD = 0.1;
    private static final double LR_ADAM = 0.01;
    private static final double NOISE = 0.05;

    /** One optimizer of the comparison: its key in metrics, its label in plots and its spec. */
    private record Run(String key, String label, String spec) {
        String noisySpec() {
            double lr = spec.startsWith("adam") ? LR_ADAM : LR_SGD;
            return spec.replace("lr=" + Format.number(lr), "lr=cosine(init=" + Format.number(lr) + ", steps=" + STEPS + ")");
        }
    }

    private static final Run SGD = new Run("sgd", "SGD momentum 0.9", "sgd(lr=0.1, momentum=0.9)");
    private static final Run SGDP_PAPER = new Run("sgdp_paper", "SGDP, paper's form",
            "sgdp(lr=0.1, momentum=0.9, project_buffer=false)");
    private static final Run SGDP_CODE = new Run("sgdp_code", "SGDP, official code", "sgdp(lr=0.1, momentum=0.9)");
    private static final Run SGDP_NESTEROV = new Run("sgdp_code_nesterov", "SGDP, official code, Nesterov",
            "sgdp(lr=0.1, momentum=0.9, nesterov=true)");
    private static final Run ADAM = new Run("adam", "Adam", "adam(lr=0.01)");
    private static final Run ADAMP = new Run("adamp", "AdamP", "adamp(lr=0.01)");
    private static final Run GD = new Run("gd", "GD (no momentum)", "sgd(lr=0.1)");
    private static final Run[] RUNS = {SGD, SGDP_PAPER, SGDP_CODE, SGDP_NESTEROV, ADAM, ADAMP, GD};

    @Override
    public String id() {
        return "adamp-scale-invariance";
    }

    @Override
    public String paper() {
        return "AdamP: Slowing Down the Slowdown for Momentum Optimizers on Scale-invariant Weights";
    }

    @Override
    public String reference() {
        return "B. Heo, S. Chun, S. J. Oh, D. Han, S. Yun, G. Kim, Y. Uh, J.-W. Ha, ICLR 2021";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2006.08217";
    }

    @Override
    public String claim() {
        return "On scale-invariant weights, momentum inflates the weight norm and shrinks the effective step; "
                + "SGDP and AdamP keep the norm and converge faster.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("13 benchmarks (ImageNet classification, COCO detection, WikiText language modelling and "
                + "more) with ResNets and transformers",
                "a scale-invariant toy loss 1 - cos(w, w*) in d = 100, 50 steps; 16 random problems per seed (quick: "
                        + "5 seeds, 80 problems; full: 20 seeds, 320 problems; seconds either way)",
                "the toy isolates the mechanism the paper's benchmarks rest on (norm growth of scale-invariant "
                        + "weights under momentum); the benchmark accuracies are out of reach on one machine");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("sgdp-paper-form", "SGDP in the paper's form keeps ||w|| below 2 and lowers the "
                        + "time-averaged loss below momentum SGD's")
                        .test(s -> Criterion.allOf(Criterion.atMost(s + ".final_norm", 2),
                                Criterion.below(s + ".avg_loss_over_sgd", 1)))
                        .subject(SGDP_PAPER.key).control(SGD.key, "momentum SGD, the method the paper argues against")
                        .precondition(s -> Criterion.below("gd.lemma_max_relative_residual", 1e-10)).build(),
                Claim.that("sgdp-official-code", "The authors' default code (no Nesterov) does the same")
                        .test(s -> Criterion.allOf(Criterion.atMost(s + ".final_norm", 2),
                                Criterion.below(s + ".avg_loss_over_sgd", 1)))
                        .subject(SGDP_CODE.key).authorsCodeOf(SGDP_PAPER.key).build(),
                Claim.that("sgdp-official-code-nesterov", "The authors' code with Nesterov does the same")
                        .test(s -> Criterion.allOf(Criterion.atMost(s + ".final_norm", 2),
                                Criterion.below(s + ".avg_loss_over_sgd", 1)))
                        .subject(SGDP_NESTEROV.key).authorsCodeOf(SGDP_PAPER.key).build(),
                Claim.that("adamp", "AdamP keeps ||w|| below 1.25 and lowers the time-averaged loss below Adam's")
                        .test(s -> Criterion.allOf(Criterion.atMost(s + ".final_norm", 1.25),
                                Criterion.below(s + ".avg_loss_over_adam", 1)))
                        .subject(ADAMP.key).control(ADAM.key, "Adam, the method the paper argues against").build(),
                Claim.that("noisy-with-schedule", "With gradient noise and a cosine learning-rate schedule, SGDP "
                        + "(paper's form) still lowers the time-averaged loss below momentum SGD's")
                        .test(s -> Criterion.below(s + ".noisy_avg_loss_over_sgd", 1))
                        .subject(SGDP_PAPER.key).control(SGD.key, "momentum SGD under the same noise and schedule")
                        .build());
    }

    @Override
    public void trial(Trial ctx) {
        int problems = 16;
        double[][][] norms = new double[RUNS.length][problems][];
        double[][][] losses = new double[RUNS.length][problems][];
        double[][][] noisyLosses = new double[RUNS.length][problems][];
        double[][][] noisyNorms = new double[RUNS.length][problems][];
        double lemmaResidual = 0;
        for (int k = 0; k < problems; k++) {
            ctx.progress("problem " + (k + 1) + " of " + problems, k / (double) problems);
            RandomStream rng = ctx.random("problem-" + k);
            double[] target = new double[D];
            double[] start = new double[D];
            rng.fillNormal(target);
            rng.fillNormal(start);
            double startNorm = Math.sqrt(dot(start, start));
            for (int i = 0; i < D; i++) {
                start[i] /= startNorm;
            }
            Objective objective = cosineLoss(target);
            for (int r = 0; r < RUNS.length; r++) {
                double[][] curves = trajectory(RUNS[r].spec, objective, objective, start);
                norms[r][k] = curves[0];
                losses[r][k] = curves[1];
                if (RUNS[r] == GD) {
                    lemmaResidual = Math.max(lemmaResidual, curves[2][0]);
                }
                // The same noise draws for every optimizer of a problem: a paired comparison.
                Objective noisy = noisy(objective, ctx.random("noise-" + k));
                double[][] n = trajectory(RUNS[r].noisySpec(), noisy, objective, start);
                noisyNorms[r][k] = n[0];
                noisyLosses[r][k] = n[1];
            }
        }
        double[] avg = new double[RUNS.length];
        double[] noisyAvg = new double[RUNS.length];
        for (int r = 0; r < RUNS.length; r++) {
            double[] perProblem = new double[problems];
            double[] perProblemNoisy = new double[problems];
            double[] finalNorm = new double[problems];
            double[] finalNoisyNorm = new double[problems];
            for (int k = 0; k < problems; k++) {
                perProblem[k] = mean(losses[r][k]);
                perProblemNoisy[k] = mean(noisyLosses[r][k]);
                finalNorm[k] = norms[r][k][STEPS];
                finalNoisyNorm[k] = noisyNorms[r][k][STEPS];
            }
            avg[r] = SeedResults.median(perProblem);
            noisyAvg[r] = SeedResults.median(perProblemNoisy);
            String key = RUNS[r].key;
            ctx.metric(key + ".final_norm", SeedResults.median(finalNorm));
            ctx.metric(key + ".avg_loss", avg[r]);
            ctx.metric(key + ".loss_t50", SeedResults.median(column(losses[r], STEPS)));
            ctx.metric(key + ".noisy_final_norm", SeedResults.median(finalNoisyNorm));
            ctx.metric(key + ".noisy_avg_loss", noisyAvg[r]);
            ctx.curve(key + ".norm", medianOverProblems(norms[r]));
            ctx.curve(key + ".loss", medianOverProblems(losses[r]));
            ctx.curve(key + ".noisy_loss", medianOverProblems(noisyLosses[r]));
        }
        for (int r = 0; r < RUNS.length; r++) {
            ctx.metric(RUNS[r].key + ".avg_loss_over_sgd", avg[r] / avg[0]);
            ctx.metric(RUNS[r].key + ".avg_loss_over_adam", avg[r] / avg[4]);
            ctx.metric(RUNS[r].key + ".noisy_avg_loss_over_sgd", noisyAvg[r] / noisyAvg[0]);
        }
        ctx.metric("gd.lemma_max_relative_residual", lemmaResidual);
    }

    @Override
    public void summarize(ExperimentContext ctx, SeedResults seeds) {
        ctx.setup(String.format(Locale.ROOT, "Loss 1 - cos(w, w*), w of shape [1, %d], w* ~ N(0, I), w_0 ~ N(0, I) "
                + "scaled to norm 1; gradients from autodiff; %d steps; 16 random problems per seed, medians over "
                + "them. Optimizers (library specs): %s. Noisy run: each gradient plus N(0, %s^2 I) noise (the same "
                + "draws for every optimizer), learning rate cosine-decayed to 0 over the %d steps.", D, STEPS,
                specs(), Format.number(NOISE), STEPS));
        double[] t = new double[STEPS + 1];
        for (int i = 0; i <= STEPS; i++) {
            t[i] = i;
        }
        SeriesTable normTable = SeriesTable.of("t", t);
        SeriesTable lossTable = SeriesTable.of("t", t);
        XYPlot normPlot = XYPlot.titled("Weight norm ||w_t|| (median over seeds of the per-seed medians)")
                .xLabel("step t").yLabel("||w_t||").legend(XYPlot.Legend.OUTSIDE_E);
        XYPlot lossPlot = XYPlot.titled("Loss 1 - cos(w_t, w*) (median)").xLabel("step t").yLabel("loss").logY()
                .legend(XYPlot.Legend.OUTSIDE_E);
        XYPlot noisyPlot = XYPlot.titled("Noisy gradients, cosine schedule: loss (median)").xLabel("step t")
                .yLabel("loss").logY().legend(XYPlot.Legend.OUTSIDE_E);
        for (Run run : RUNS) {
            double[] norm = seeds.medianCurve(run.key + ".norm");
            double[] loss = seeds.medianCurve(run.key + ".loss");
            if (norm.length == 0) {
                return;
            }
            normTable = normTable.with(run.key, norm);
            lossTable = lossTable.with(run.key, loss);
            normPlot.line(run.label, t, norm);
            lossPlot.line(run.label, t, loss);
            noisyPlot.line(run.label, t, seeds.medianCurve(run.key + ".noisy_loss"));
        }
        ctx.series("norms", normTable);
        ctx.series("losses", lossTable);
        ctx.plot("norms", normPlot);
        ctx.plot("losses", lossPlot);
        ctx.plot("noisy_losses", noisyPlot);
        StringBuilder sb = new StringBuilder("Medians over seeds: time-averaged loss relative to momentum SGD: ");
        for (Run run : new Run[] {SGDP_PAPER, SGDP_CODE, SGDP_NESTEROV}) {
            sb.append(run.label).append(' ').append(Format.number(seeds.median(run.key + ".avg_loss_over_sgd")))
                    .append("x; ");
        }
        sb.append("AdamP relative to Adam ").append(Format.number(seeds.median("adamp.avg_loss_over_adam")))
                .append("x. Final ||w||: SGD ").append(Format.number(seeds.median("sgd.final_norm")))
                .append(", SGDP paper's form ").append(Format.number(seeds.median("sgdp_paper.final_norm")))
                .append(", official code ").append(Format.number(seeds.median("sgdp_code.final_norm")))
                .append(", Adam ").append(Format.number(seeds.median("adam.final_norm")))
                .append(", AdamP ").append(Format.number(seeds.median("adamp.final_norm"))).append('.');
        ctx.keyMetric("sgdp_paper_avg_loss_over_sgd", seeds.median("sgdp_paper.avg_loss_over_sgd"));
        ctx.keyMetric("sgdp_code_avg_loss_over_sgd", seeds.median("sgdp_code.avg_loss_over_sgd"));
        ctx.metric("sgdp_code_nesterov_avg_loss_over_sgd", seeds.median("sgdp_code_nesterov.avg_loss_over_sgd"));
        ctx.metric("adamp_avg_loss_over_adam", seeds.median("adamp.avg_loss_over_adam"));
        ctx.note(sb.toString());
        ctx.note("The official sgdp.py (v0.3.0) sets d_p = buf when Nesterov is off and projects d_p in place, so the "
                + "momentum buffer itself loses its radial part every step; the library's sgdp does the same by "
                + "default. The paper's algorithm writes the projected direction as a new variable and keeps the "
                + "buffer; sgdp(project_buffer=false) is that form. Running both shows where the code departs from "
                + "the paper: without Nesterov the projected buffer changes the dynamics, with Nesterov (the "
                + "README's recommended setting) the code behaves like the paper.");
    }

    private static String specs() {
        StringBuilder sb = new StringBuilder();
        for (Run r : RUNS) {
            sb.append(sb.isEmpty() ? "" : "; ").append(r.label).append(": ").append(r.spec);
        }
        return sb.toString();
    }

    /** {@code objective} with N(0, NOISE^2 I) added to every gradient it returns. */
    private static Objective noisy(Objective objective, RandomStream rng) {
        return (params, grad) -> {
            double l = objective.evaluate(params, grad);
            double[] g = grad.get("w").data();
            for (int i = 0; i < g.length; i++) {
                g[i] += NOISE * rng.normal();
            }
            return l;
        };
    }

    private static double mean(double[] curve) {
        double s = 0;
        for (int i = 1; i < curve.length; i++) {
            s += curve[i];
        }
        return s / (curve.length - 1);
    }

    private static double[] column(double[][] curves, int i) {
        double[] out = new double[curves.length];
        for (int k = 0; k < curves.length; k++) {
            out[k] = curves[k][i];
        }
        return out;
    }

    /** {@code 1 - cos(w, w*)} for the parameter "w", with its autodiff gradient. */
    private static Objective cosineLoss(double[] target) {
        Tensor t = Tensor.of(target.clone(), 1, D);
        double targetNorm = t.norm();
        return Descent.autodiff(p -> {
            Var w = p.get("w");
            return w.mul(t).sum().div(w.norm().mul(targetNorm)).rsub(1);
        });
    }

    /**
     * {norms, losses, lemma}: ||w_t|| and the noiseless loss l(w_t) for t = 0..STEPS of the optimizer stepping on
     * {@code objective}, and the largest relative residual of {@code ||w_{t+1}||^2 = ||w_t||^2 + lr^2 ||g_t||^2}
     * with the plain-GD step size (meaningful for the noiseless GD run).
     */
    private static double[][] trajectory(String spec, Objective objective, Objective clean, double[] start) {
        double[] norm = new double[STEPS + 1];
        double[] loss = new double[STEPS + 1];
        double[] residual = {0};
        TensorMap params = Descent.param("w", start, 1, D);
        TensorMap grad = params.zerosLike();
        loss[0] = clean.evaluate(params, grad);
        norm[0] = params.get("w").norm();
        double[] gradSq = {dot(grad.get("w").data(), grad.get("w").data())};
        Descent.run(Specs.transformation(spec), params, objective, STEPS, (t, p) -> {
            norm[t] = p.get("w").norm();
            double predicted = norm[t - 1] * norm[t - 1] + LR_SGD * LR_SGD * gradSq[0];
            residual[0] = Math.max(residual[0], Math.abs(norm[t] * norm[t] - predicted) / (norm[t] * norm[t]));
            loss[t] = clean.evaluate(p, grad);
            gradSq[0] = dot(grad.get("w").data(), grad.get("w").data());
            return true;
        });
        return new double[][] {norm, loss, {residual[0]}};
    }

    /** The median over problems at each step. */
    private static double[] medianOverProblems(double[][] curves) {
        double[] out = new double[curves[0].length];
        double[] column = new double[curves.length];
        for (int i = 0; i < out.length; i++) {
            for (int k = 0; k < curves.length; k++) {
                column[k] = curves[k][i];
            }
            Arrays.sort(column);
            int n = column.length;
            out[i] = n % 2 == 1 ? column[n / 2] : 0.5 * (column[n / 2 - 1] + column[n / 2]);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
