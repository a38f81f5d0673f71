package dev.gradus.lab.experiments.quant;

import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Objective;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.StepContext;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GAQAT-lite (Jiang et al., "GAQAT: gradient-adaptive quantization-aware training for domain generalization", 2024):
 * SAM (ρ = 0.05, {@link dev.gradus.optim.optimizer.Sam} around Adam lr 1e-3) with 4-bit LSQ QAT of a 64-32-10 MLP on
 * digits under domain shift (train on identity, contrast ×0.6 and additive noise σ 0.15; test on contrast ×0.6 plus
 * noise σ 0.25). For each quantizer step s (four: weight and input of each layer) and each training step, the task
 * gradient {@code g = ∂L/∂s} at w and the smoothness gradient {@code g_SAM − g} (at the perturbed w + ε̂ minus the
 * clean one) are compared; a conflict is opposite signs. Disorder = conflict fraction over a window of 10 steps;
 * GAQAT freezes (no update) a step whose disorder in the last window exceeds 0.5, for the next window. Oscillation of a
 * step = its total variation over training divided by its net displacement (1 = monotone).
 *
 * <p>Claims, thresholds fixed before running: under SAM + QAT some step has conflicts in at least 30% of the training
 * steps (measurable; no control: a measurement); disorder-based freezing makes the mean oscillation at most 0.8 × that
 * of SAM + QAT, where freezing the same fraction of (step, window) pairs at random does not.
 */
public final class ScaleGradientConflict implements Experiment {
    private static final int HIDDEN = 32;
    private static final int BATCH = 64;
    private static final int WINDOW = 10;
    private static final double DISORDER_THRESHOLD = 0.5;
    private static final String[] STEPS = {"fc1.step_w4", "fc1.step_a4", "fc2.step_w4", "fc2.step_a4"};

    @Override
    public String id() {
        return "gaqat";
    }

    @Override
    public String paper() {
        return "GAQAT: gradient-adaptive quantization-aware training for domain generalization";
    }

    @Override
    public String reference() {
        return "J. Jiang, Y. Meng, C. Tang, H. Yu, Q. Li, Z. Wang, W. Zhu, arXiv 2412.05551, 2024";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2412.05551";
    }

    @Override
    public String claim() {
        return "Under SAM + QAT the task and smoothness gradients of quantizer scales conflict measurably, and freezing "
                + "the scales with high gradient disorder reduces their oscillation.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("ResNet-18 on PACS and DomainNet, 3- and 4-bit LSQ, SAM-family DG training",
                "64-32-10 MLP on 8x8 digits with three synthetic training domains and one held-out shifted domain, "
                        + "4-bit LSQ, SAM rho 0.05 around Adam, 4 epochs quick / 10 full (20 seeds, about 6x the quick cost)",
                "the claims are about the mechanism (sign conflicts of the scale gradients under SAM and the effect of "
                        + "freezing on the scales), which needs SAM, learned scales and a shift, all kept; the paper's "
                        + "accuracy gain is reported, not claimed");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("conflicts", "Under SAM + 4-bit QAT some quantizer step's task and smoothness gradients "
                                + "have opposite signs in at least 30% of the training steps")
                        .test(s -> Criterion.atLeast(s + ".max_conflict", 0.3))
                        .subject("sam_qat")
                        .noControl("a measurement of SAM + QAT itself; plain QAT has no smoothness gradient to "
                                + "conflict with")
                        .build(),
                Claim.that("freezing", "Freezing the steps whose disorder exceeds 0.5 cuts their mean oscillation "
                                + "(total variation / net displacement) to at most 0.8 × that under SAM + QAT")
                        .test(s -> Criterion.atMost(s + ".oscillation_ratio", 0.8))
                        .subject("gaqat")
                        .control("random_freeze", "freezing as many (step, window) pairs chosen at random")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        Dataset digits = Datasets.load("digits");
        Split split = digits.split(0, 0.3, t.random("split").nextLong());
        Tensor base = split.train().features().mul(1.0 / 16);
        RandomStream domains = t.random("domains");
        Tensor xTrain = Tensor.concat(List.of(base, base.mul(0.6), noisy(base, 1.0, 0.15, domains)), 0);
        int[] y1 = split.train().labels();
        int[] yTrain = new int[3 * y1.length];
        for (int k = 0; k < 3; k++) {
            System.arraycopy(y1, 0, yTrain, k * y1.length, y1.length);
        }
        Tensor xTest = noisy(split.test().features().mul(1.0 / 16), 0.6, 0.25, domains);
        int[] yTest = split.test().labels();
        int epochs = t.quick() ? 4 : 10;
        long init = t.random("init").nextLong();
        long order = t.random("order").nextLong();

        Run qat = run(t, "qat", false, null, init, order, xTrain, yTrain, epochs);
        Run sam = run(t, "sam_qat", true, null, init, order, xTrain, yTrain, epochs);
        Run gaqat = run(t, "gaqat", true, new Freezer(null, 0), init, order, xTrain, yTrain, epochs);
        Run random = run(t, "random_freeze", true, new Freezer(t.random("random-freeze"), gaqat.frozenFraction),
                init, order, xTrain, yTrain, epochs);
        for (Run r : List.of(qat, sam, gaqat, random)) {
            t.metric(r.name + ".ood_accuracy", r.net.accuracy(xTest, yTest));
            t.metric(r.name + ".oscillation", r.oscillation);
            t.metric(r.name + ".oscillation_ratio", r.oscillation / sam.oscillation);
            t.metric(r.name + ".frozen_fraction", r.frozenFraction);
            if (r.conflict != null) {
                double max = 0;
                for (int k = 0; k < STEPS.length; k++) {
                    t.metric(r.name + ".conflict." + STEPS[k], r.conflict[k]);
                    max = Math.max(max, r.conflict[k]);
                }
                t.metric(r.name + ".max_conflict", max);
            }
        }
        t.curve("sam_qat.fc1.step_a4", sam.trace[1]);
        t.curve("gaqat.fc1.step_a4", gaqat.trace[1]);
    }

    private static Tensor noisy(Tensor x, double contrast, double sigma, RandomStream rng) {
        double[] d = x.data().clone();
        for (int i = 0; i < d.length; i++) {
            d[i] = contrast * d[i] + sigma * rng.normal();
        }
        return Tensor.of(d, x.shape());
    }

    /** Which steps are frozen in the current window: by disorder ({@code rng == null}) or at random. */
    private static final class Freezer {
        final RandomStream rng;
        final double probability;

        Freezer(RandomStream rng, double probability) {
            this.rng = rng;
            this.probability = probability;
        }

        boolean freeze(double disorder) {
            return rng == null ? disorder > DISORDER_THRESHOLD : rng.bernoulli(probability);
        }
    }

    private record Run(String name, QuantMlp net, double[] conflict, double oscillation, double frozenFraction,
            double[][] trace) {}

    private static Run run(Trial t, String name, boolean useSam, Freezer freezer, long init, long orderSeed, Tensor x,
            int[] y, int epochs) {
        t.progress(name);
        QuantMlp net = new QuantMlp(64, HIDDEN, 10, new int[] {4}, false, RandomStream.of(init));
        net.train();
        GradientTransformation opt = useSam ? Optimizers.sam(Optimizers.adam().lr(1e-3)).rho(0.05)
                : Optimizers.adam().lr(1e-3);
        TensorMap params = net.namedParameters();
        OptState state = opt.init(params);
        RandomStream order = RandomStream.of(orderSeed);
        int n = y.length;
        int stepsPerEpoch = (n + BATCH - 1) / BATCH;
        int total = epochs * stepsPerEpoch;
        double[][] trace = new double[STEPS.length][total + 1];
        int[] conflicts = new int[STEPS.length];
        int[] windowConflicts = new int[STEPS.length];
        boolean[] frozen = new boolean[STEPS.length];
        int frozenPairs = 0;
        int pairs = 0;
        double[] taskGrad = new double[STEPS.length];
        double[] samGrad = new double[STEPS.length];
        for (int k = 0; k < STEPS.length; k++) {
            trace[k][0] = params.get(STEPS[k]).data()[0];
        }
        int step = 0;
        for (int e = 0; e < epochs; e++) {
            int[] perm = order.permutation(n);
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                Tensor xb = ElasticQuantSupernet.rows(x, start, end, perm);
                double[] yb = new double[end - start];
                for (int i = start; i < end; i++) {
                    yb[i - start] = y[perm[i]];
                }
                Tensor target = Tensor.of(yb, yb.length);
                int[] calls = {0};
                Objective objective = (at, grad) -> {
                    Map<String, Var> vars = new LinkedHashMap<>();
                    at.forEach((pn, v) -> vars.put(pn, Var.param(v)));
                    Var loss = new CrossEntropyLoss().apply(net.call(vars, Var.constant(xb)), target);
                    loss.backward();
                    vars.forEach((pn, v) -> System.arraycopy(v.grad().data(), 0, grad.get(pn).data(), 0,
                            v.grad().size()));
                    double[] sink = calls[0]++ == 0 ? taskGrad : samGrad;
                    for (int k = 0; k < STEPS.length; k++) {
                        sink[k] = grad.get(STEPS[k]).data()[0];
                    }
                    return loss.item();
                };
                TensorMap grads = params.zerosLike();
                double loss = objective.evaluate(params, grads);
                opt.update(grads, state, params, StepContext.builder().loss(loss).objective(objective).build());
                if (useSam) {
                    for (int k = 0; k < STEPS.length; k++) {
                        boolean conflict = Math.signum(taskGrad[k]) * Math.signum(samGrad[k] - taskGrad[k]) < 0;
                        conflicts[k] += conflict ? 1 : 0;
                        windowConflicts[k] += conflict ? 1 : 0;
                    }
                }
                if (freezer != null) {
                    for (int k = 0; k < STEPS.length; k++) {
                        if (frozen[k]) {
                            grads.get(STEPS[k]).data()[0] = 0;
                        }
                    }
                }
                GradientTransformation.apply(params, grads);
                step++;
                for (int k = 0; k < STEPS.length; k++) {
                    trace[k][step] = params.get(STEPS[k]).data()[0];
                }
                if (step % WINDOW == 0) {
                    for (int k = 0; k < STEPS.length; k++) {
                        if (freezer != null) {
                            frozen[k] = freezer.freeze(windowConflicts[k] / (double) WINDOW);
                            frozenPairs += frozen[k] ? 1 : 0;
                            pairs++;
                        }
                        windowConflicts[k] = 0;
                    }
                }
            }
        }
        double osc = 0;
        for (int k = 0; k < STEPS.length; k++) {
            double tv = 0;
            for (int i = 1; i <= total; i++) {
                tv += Math.abs(trace[k][i] - trace[k][i - 1]);
            }
            osc += tv / Math.max(Math.abs(trace[k][total] - trace[k][0]), 1e-12) / STEPS.length;
        }
        double[] conflictRate = null;
        if (useSam) {
            conflictRate = new double[STEPS.length];
            for (int k = 0; k < STEPS.length; k++) {
                conflictRate[k] = conflicts[k] / (double) total;
            }
        }
        return new Run(name, net, conflictRate, osc, pairs == 0 ? 0 : frozenPairs / (double) pairs, trace);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Digits scaled to [0, 1]; training domains identity, contrast ×0.6, noise σ 0.15; held-out "
                + "domain contrast ×0.6 with noise σ 0.25. 64-32-10 MLP, 4-bit LSQ on weights and inputs (signed "
                + "first-layer input, unsigned after the ReLU). SAM rho 0.05 around Adam lr 1e-3, batch 64; all runs "
                + "share the initial weights and batch order.");
        StringBuilder note = new StringBuilder("Median conflict rate per step under SAM + QAT:");
        for (String s : STEPS) {
            note.append(String.format(" %s %.2f;", s, seeds.median("sam_qat.conflict." + s)));
        }
        note.append(String.format(" median oscillation sam_qat %.2f, gaqat %.2f, random_freeze %.2f; frozen fraction "
                        + "gaqat %.2f. Out-of-domain accuracy (reported, not claimed: the paper's effect size is "
                        + "not tested at this scale): qat %.3f, sam_qat %.3f, gaqat %.3f, random_freeze %.3f.",
                seeds.median("sam_qat.oscillation"), seeds.median("gaqat.oscillation"),
                seeds.median("random_freeze.oscillation"), seeds.median("gaqat.frozen_fraction"),
                seeds.median("qat.ood_accuracy"), seeds.median("sam_qat.ood_accuracy"),
                seeds.median("gaqat.ood_accuracy"), seeds.median("random_freeze.ood_accuracy")));
        report.note(note.toString());
        report.note("Disorder here is the conflict fraction over a 10-step window with threshold 0.5; the paper's "
                + "exact statistic and threshold are not public in the sources read.");
        report.keyMetric("gaqat_median_oscillation_ratio", seeds.median("gaqat.oscillation_ratio"));
        report.keyMetric("sam_qat_median_max_conflict", seeds.median("sam_qat.max_conflict"));
    }
}
