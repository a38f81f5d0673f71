package dev.gradus.lab.experiments.ode;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.ode.SolverRegularizer;
import dev.gradus.plot.XYPlot;
import java.util.List;

/**
 * Global solver-heuristic regularisation (Pal, Ma, Shah, Rackauckas, ICML 2021): adding {@code lambda * sum_j EEst_j
 * |h_j|} over the accepted steps of the adaptive solve to the training loss makes the learned dynamics cheaper to
 * integrate, so inference needs fewer function evaluations at the same tolerance, at similar accuracy.
 *
 * <p>Set-up: {@link RingsOdeTask}. Per seed, three models from the same data: unregularised, an unregularised twin from
 * another initialisation (the negative control: how much NFE varies between unregularised runs), and the global error
 * regulariser. NFE ratios are against the unregularised model of the same seed.
 */
public final class OdeRegGlobal implements Experiment {
    static final double LAMBDA = 0.1;

    public String id() {
        return "ode-reg-global";
    }

    public String paper() {
        return "Opening the Blackbox: Accelerating Neural Differential Equations by Regularizing Internal Solver Heuristics";
    }

    public String reference() {
        return "A. Pal, Y. Ma, V. Shah, C. Rackauckas, ICML 2021";
    }

    public String link() {
        return "https://arxiv.org/abs/2105.03918";
    }

    public String claim() {
        return "Penalising the adaptive solver's error estimates during training lowers the NFE at inference at similar "
                + "accuracy.";
    }

    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    public ScaleDown scaleDown() {
        return new ScaleDown("neural ODEs and SDEs on MNIST, PhysioNet and spiral data, Tsit5 in DifferentialEquations.jl,"
                        + " GPU training for hours",
                "an augmented neural-ODE classifier (2-D input padded to 3-D, a 3-16-3 tanh MLP flow on t in [0, 1], "
                        + "linear read-out) on concentric rings, full-batch Adam (lr 0.02), Tsit5 at rtol 1e-6, "
                        + "atol 1e-8, lambda = " + LAMBDA + "; quick: 192 training points, 100 steps; full: 1024 "
                        + "points, 300 steps (about 4x the quick cost per seed)",
                "the mechanism (the task leaves the flow's smoothness free, the penalty chooses a flow that the "
                        + "controller can take in long steps) needs only a neural ODE trained through an adaptive "
                        + "solver; rings need a non-trivial flow, as MNIST does");
    }

    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("fewer-nfe", "The regularised model's inference NFE is at most 0.8x the "
                        + "unregularised model's (the digest's 0.6-0.8x at moderate lambda), while its test accuracy is "
                        + "at most 2 points lower")
                .test(s -> Criterion.allOf(Criterion.atMost(s + ".nfe_ratio", 0.8),
                        Criterion.atMost(s + ".accuracy_drop", 0.02)))
                .subject("global")
                .control("unreg_twin", "an unregularised model from another initialisation: NFE differences between"
                        + " unregularised runs are not a 20% reduction")
                .build());
    }

    public void trial(Trial t) {
        RingsOdeTask task = t.quick() ? new RingsOdeTask(t, 192, 512, 100) : new RingsOdeTask(t, 1024, 2048, 300);
        long init = t.random("init").nextLong();
        long twinInit = t.random("twin-init").nextLong();
        RingsOdeTask.Run base = task.run(t, "unreg", SolverRegularizer.none(), 0, init);
        RingsOdeTask.Run twin = task.run(t, "unreg_twin", SolverRegularizer.none(), 0, twinInit);
        RingsOdeTask.Run global = task.run(t, "global", SolverRegularizer.globalError(), LAMBDA, init);
        record(t, "unreg", base, base);
        record(t, "unreg_twin", twin, base);
        record(t, "global", global, base);
    }

    static void record(Trial t, String who, RingsOdeTask.Run run, RingsOdeTask.Run base) {
        t.metric(who + ".test_accuracy", run.testAccuracy());
        t.metric(who + ".nfe", run.inferenceNfe());
        t.metric(who + ".nfe_ratio", run.inferenceNfe() / (double) base.inferenceNfe());
        t.metric(who + ".accuracy_drop", base.testAccuracy() - run.testAccuracy());
        t.metric(who + ".train_seconds", run.seconds());
        t.metric(who + ".taped_nodes", run.tapedNodes());
        t.curve(who + ".train_nfe", run.nfeCurve());
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Augmented neural-ODE classifier on concentric rings; Tsit5 at rtol 1e-6, atol 1e-8; the global "
                + "error regulariser lambda * sum EEst_j |h_j| (lambda = " + LAMBDA + ") against no regulariser.");
        report.keyMetric("median_nfe_ratio", seeds.median("global.nfe_ratio"));
        report.metric("median_unreg_nfe", seeds.median("unreg.nfe"));
        report.metric("median_global_nfe", seeds.median("global.nfe"));
        report.metric("median_unreg_accuracy", seeds.median("unreg.test_accuracy"));
        report.metric("median_global_accuracy", seeds.median("global.test_accuracy"));
        report.plot("train_nfe", XYPlot.titled("NFE of the training solve (median over seeds)").xLabel("step")
                .yLabel("NFE").line("unregularised", seeds.medianCurve("unreg.train_nfe"))
                .line("global R_E", seeds.medianCurve("global.train_nfe")));
    }
}
