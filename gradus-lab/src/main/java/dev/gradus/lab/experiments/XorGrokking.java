package dev.gradus.lab.experiments;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedOutcome;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.lab.Format;
import dev.gradus.lab.SeriesTable;
import dev.gradus.nn.Initializer;
import dev.gradus.nn.Linear;
import dev.gradus.nn.LogisticLoss;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Benign overfitting and grokking in ReLU networks for XOR cluster data (Xu, Wang, Frei, Vardi and Hu, ICLR 2024).
 * Spec: 05-theory-lab.md section 6.
 *
 * <p>XOR clusters {@code +-mu_1} (clean label +1) and {@code +-mu_2} (label -1), {@code x = mu + xi} with
 * {@code xi ~ N(0, I_p)}, a fraction of the training labels flipped. A two-layer ReLU network
 * {@code f(x) = sum_j a_j relu(w_j^T x)} with fixed {@code a_j = +-1/sqrt(m)} (half each sign) and a small
 * Gaussian init of W is trained by full-batch GD on the logistic loss. The claim: after one step the network fits
 * every training label (the flipped ones too) but tests near chance, as a near-linear classifier; a few steps later
 * it reaches near-perfect clean test accuracy while it still fits the flipped labels.
 */
public final class XorGrokking implements Experiment {

    private record Config(int n, int p, double mu, double flip, int m, double omega, double alpha, int steps,
                          int testPoints) {}

    private static Config config(boolean quick) {
        return quick
                ? new Config(40, 4000, 20, 0.15, 200, 1e-6, 0.03, 100, 500)
                : new Config(40, 4000, 20, 0.15, 200, 1e-6, 0.03, 1000, 4000);
    }

    /** The step after which the spec expects generalisation (t >= 20). */
    private static final int LATE = 20;
    private static final int TEST_CHUNK = 500;

    @Override
    public String id() {
        return "xor-grokking";
    }

    @Override
    public String paper() {
        return "Benign Overfitting and Grokking in ReLU Networks for XOR Cluster Data";
    }

    @Override
    public String reference() {
        return "Z. Xu, Y. Wang, S. Frei, G. Vardi, W. Hu, ICLR 2024";
    }

    @Override
    public String claim() {
        return "After one GD step a two-layer ReLU net fits the noisy XOR training set (flipped labels included) "
                + "while testing near 50%; later its test accuracy nears 100% while the flipped labels stay fitted.";
    }

    /** A labelled sample; {@code clean} are the cluster labels, {@code labels} the (possibly flipped) training labels. */
    private record Sample(Tensor x, double[] clean, double[] labels, int[] cluster) {}

    @Override
    public String link() {
        return "https://arxiv.org/abs/2310.02541";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(10, 20).because("10 in the quick preset (the issue asks for 20; the full preset runs them)");
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("n = 40 to 80 points in p up to 20,000 dimensions, the theory's regime p >> n^2 ||mu||^2",
                "n = 40, p = 4000, ||mu|| = 20, m = 200 ReLUs, 100 GD steps (quick: 10 seeds, 500 test points; full: "
                        + "1000 steps, 20 seeds, 4000 test points, about 1 minute)",
                "the theory's assumptions are far from met at this size (as in the paper's own small simulations); "
                        + "the phenomenon is tested as stated, and a cluster that fails to grok is reported per seed");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        Function<String, Criterion> overfit = s -> Criterion.allOf(Criterion.atLeast(s + ".train_acc", 1),
                Criterion.atLeast(s + ".flipped_fit", 1), Criterion.below(s + ".test_acc", 0.65));
        Function<String, Criterion> groks = s -> Criterion.allOf(Criterion.atLeast(s + ".train_acc", 1),
                Criterion.atLeast(s + ".flipped_fit", 1), Criterion.above(s + ".test_acc", 0.95));
        Function<String, Criterion> flippedSome = s -> Criterion.atLeast("flipped_labels", 1);
        return List.of(
                Claim.that("benign-overfit", "After one step the net fits every training label, flipped ones "
                        + "included, while testing near chance (below 65%)")
                        .test(overfit).subject("t1").precondition(flippedSome)
                        .control("t" + LATE, "the same net at step " + LATE + ", after it has generalised")
                        .build(),
                Claim.that("grokking", "By step " + LATE + " the net still fits every training label, flipped "
                        + "ones included, and tests above 95% on clean labels")
                        .test(groks).subject("t" + LATE).precondition(flippedSome)
                        .control("t1", "the same net after one step, which tests near chance")
                        .build(),
                Claim.that("grokking-final", "At the last step the net still fits the flipped labels and tests "
                        + "above 95%")
                        .test(groks).subject("final").precondition(flippedSome)
                        .control("t1", "the same net after one step").build());
    }

    @Override
    public void trial(Trial ctx) {
        Config c = config(ctx.quick());
        Sample train = sample(c, c.n, c.flip, ctx.random("train"));
        Sample test = sample(c, c.testPoints, 0, ctx.random("test"));
        int flipped = 0;
        for (int i = 0; i < c.n; i++) {
            flipped += train.labels[i] != train.clean[i] ? 1 : 0;
        }

        Linear hidden = new Linear(c.p, c.m, false, Initializer.normal(0, c.omega), Initializer.zeros(),
                ctx.random("init"));
        double[] a = new double[c.m];
        for (int j = 0; j < c.m; j++) {
            a[j] = (j < c.m / 2 ? 1 : -1) / Math.sqrt(c.m);
        }
        Tensor second = Tensor.of(a, c.m, 1);
        LogisticLoss loss = new LogisticLoss();
        Tensor y = Tensor.of(train.labels.clone(), c.n);
        GradientTransformation gd = Optimizers.sgd().lr(c.alpha);
        TensorMap params = hidden.namedParameters();
        OptState state = gd.init(params);

        List<double[]> rows = new ArrayList<>(); // t, train acc, flipped fit, test acc, loss
        for (int t = 0; t <= c.steps; t++) {
            Var out = forward(hidden, second, Var.constant(train.x));
            Var l = loss.apply(out, y);
            if (recorded(t, c.steps)) {
                double[] f = out.value().data();
                double[] perCluster = testAccuracy(hidden, second, test);
                rows.add(new double[] {t, accuracy(f, train.labels), flippedFit(f, train), perCluster[4], l.item(),
                    perCluster[0], perCluster[1], perCluster[2], perCluster[3]});
                ctx.progress("GD step " + t + "/" + c.steps, t / (double) c.steps);
            }
            if (t < c.steps) {
                gd.step(params, hidden.gradients(l), state);
            }
        }
        ctx.metric("flipped_labels", flipped);
        String[] names = {"t", "train_acc", "flipped_fit", "test_acc", "loss", "test_acc_cluster_+mu1",
            "test_acc_cluster_-mu1", "test_acc_cluster_+mu2", "test_acc_cluster_-mu2"};
        for (double[] row : rows) {
            int t = (int) row[0];
            String who = t == c.steps ? "final" : "t" + t;
            if (t == 0 || t == 1 || t == LATE || t == c.steps) {
                for (int j = 1; j < names.length; j++) {
                    ctx.metric(who + "." + names[j], row[j]);
                }
            }
        }
        for (int j = 0; j < names.length; j++) {
            ctx.curve(names[j], column(rows, j));
        }
    }

    @Override
    public void summarize(ExperimentContext ctx, SeedResults seeds) {
        Config c = config(ctx.quick());
        ctx.setup(String.format(Locale.ROOT, "n = %d training points in p = %d dimensions, mu_1 = %s e_1, mu_2 = %s "
                + "e_2, each training label flipped with probability %s; m = %d hidden ReLUs, second layer fixed at "
                + "+-1/sqrt(m), first layer W_0 ~ N(0, omega^2), omega = %s; full-batch GD on the mean logistic loss "
                + "with step alpha = %s for %d steps. Test accuracy against the clean labels of %d fresh points, "
                + "overall and per cluster.", c.n, c.p, Format.number(c.mu), Format.number(c.mu),
                Format.number(c.flip), c.m, Format.number(c.omega), Format.number(c.alpha), c.steps, c.testPoints));
        SeedOutcome first = seeds.first();
        if (first == null) {
            return;
        }
        double[] ts = first.curves().get("t");
        double[] tsPlot = ts.clone();
        tsPlot[0] = 0.5; // t = 0 drawn at 0.5 on the log axis
        SeriesTable table = SeriesTable.of("t", ts);
        XYPlot acc = XYPlot.titled("Test accuracy (clean labels), one line per seed")
                .xLabel("GD step t (t = 0 drawn at 0.5)").yLabel("test accuracy").logX().yRange(0, 1.05)
                .legend(XYPlot.Legend.OUTSIDE_E);
        for (SeedOutcome o : seeds.ran()) {
            double[] test = o.curves().get("test_acc");
            acc.line("seed " + o.seed(), tsPlot, test);
            table = table.with("test acc seed " + o.seed(), test);
        }
        ctx.series("test_accuracy_by_seed", table);
        ctx.plot("test_accuracy_by_seed", acc);
        ctx.plot("accuracy", XYPlot.titled("Seed " + first.seed() + ": benign overfitting, then grokking")
                .xLabel("GD step t (t = 0 drawn at 0.5)").yLabel("accuracy").logX().yRange(0, 1.05)
                .legend(XYPlot.Legend.OUTSIDE_E)
                .lineWithMarkers("train (noisy labels)", tsPlot, first.curves().get("train_acc"))
                .lineWithMarkers("flipped points fitted", tsPlot, first.curves().get("flipped_fit"))
                .lineWithMarkers("test (clean labels)", tsPlot, first.curves().get("test_acc")));

        int grokked = 0;
        StringBuilder failing = new StringBuilder();
        for (SeedOutcome o : seeds.ran()) {
            Double late = o.metrics().get("t" + LATE + ".test_acc");
            if (late != null && late > 0.95) {
                grokked++;
            } else {
                double worst = 1;
                String which = "";
                for (String k : new String[] {"+mu1", "-mu1", "+mu2", "-mu2"}) {
                    double v = o.metrics().get("t" + LATE + ".test_acc_cluster_" + k);
                    if (v < worst) {
                        worst = v;
                        which = k;
                    }
                }
                failing.append(failing.isEmpty() ? "" : "; ").append(String.format(Locale.ROOT,
                        "seed %d: %.3f overall, cluster %s at %.3f", o.seed(), late, which, worst));
            }
        }
        ctx.keyMetric("fraction_of_seeds_grokked_by_t" + LATE, grokked / (double) seeds.ran().size());
        ctx.metric("median_test_acc_t1", seeds.median("t1.test_acc"));
        ctx.metric("median_test_acc_t" + LATE, seeds.median("t" + LATE + ".test_acc"));
        ctx.metric("median_test_acc_final", seeds.median("final.test_acc"));
        ctx.note(String.format(Locale.ROOT, "%d of %d seeds grok by step %d (test accuracy above 0.95).%s",
                grokked, seeds.ran().size(), LATE, failing.isEmpty() ? "" : " The others: " + failing
                        + ". Where a seed falls short, one cluster is still misclassified: the net's ReLUs have "
                        + "not yet aligned with that cluster's mean."));
        ctx.note("The theory's assumptions (p >~ n^2 ||mu||^2 among others) are far from met at this size; the "
                + "phenomenon is tested as the paper states it. Other regimes were tried on the quick preset's 10 "
                + "seeds (n, p, ||mu||): (40, 4000, 30) groks by step 20 in 8 of 10 seeds but then tests above 65% "
                + "already after one step in 8 of 10; (40, 4000, 25) satisfies each half in only 5 and 6 of 10; "
                + "(20, 4000, 20) overfits benignly in 10 of 10 but groks in none. At this size a larger separation "
                + "buys the grokking half of the claim at the price of the benign-overfitting half, so the claim "
                + "holds only in part, and the run reports that rather than a regime chosen to pass.");
    }

    private static Var forward(Linear hidden, Tensor second, Var x) {
        return hidden.forward(x).relu().matmul(second).reshape(x.shape()[0]);
    }

    /** Points drawn from the four clusters with equal probability; labels flipped with probability {@code flip}. */
    private static Sample sample(Config c, int count, double flip, RandomStream rng) {
        double[] x = new double[count * c.p];
        double[] clean = new double[count];
        double[] labels = new double[count];
        int[] clusters = new int[count];
        rng.fillNormal(x);
        for (int i = 0; i < count; i++) {
            int cluster = rng.nextInt(4);          // 0: +mu_1, 1: -mu_1, 2: +mu_2, 3: -mu_2
            clusters[i] = cluster;
            int axis = cluster < 2 ? 0 : 1;
            x[i * c.p + axis] += cluster % 2 == 0 ? c.mu : -c.mu;
            clean[i] = cluster < 2 ? 1 : -1;
            labels[i] = rng.bernoulli(flip) ? -clean[i] : clean[i];
        }
        return new Sample(Tensor.of(x, count, c.p), clean, labels, clusters);
    }

    /** Test accuracy on the clean labels of each of the four clusters (+mu_1, -mu_1, +mu_2, -mu_2), then overall. */
    private static double[] testAccuracy(Linear hidden, Tensor second, Sample test) {
        int count = test.clean.length;
        double correct = 0;
        double[] right = new double[4];
        double[] seen = new double[4];
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            for (int from = 0; from < count; from += TEST_CHUNK) {
                int len = Math.min(TEST_CHUNK, count - from);
                double[] f = forward(hidden, second, Var.constant(test.x.narrow(0, from, len))).value().data();
                for (int i = 0; i < len; i++) {
                    double ok = f[i] * test.clean[from + i] > 0 ? 1 : 0;
                    correct += ok;
                    right[test.cluster[from + i]] += ok;
                    seen[test.cluster[from + i]]++;
                }
            }
        }
        return new double[] {right[0] / seen[0], right[1] / seen[1], right[2] / seen[2], right[3] / seen[3],
            correct / count};
    }

    private static double accuracy(double[] f, double[] labels) {
        double correct = 0;
        for (int i = 0; i < f.length; i++) {
            correct += f[i] * labels[i] > 0 ? 1 : 0;
        }
        return correct / f.length;
    }

    /** The fraction of flipped training points whose noisy label the network predicts (NaN when none is flipped). */
    private static double flippedFit(double[] f, Sample train) {
        double fit = 0;
        int count = 0;
        for (int i = 0; i < f.length; i++) {
            if (train.labels[i] != train.clean[i]) {
                count++;
                fit += f[i] * train.labels[i] > 0 ? 1 : 0;
            }
        }
        return count == 0 ? Double.NaN : fit / count;
    }

    /** Steps 0 to 5, 10, then about four per decade, and the last. */
    private static boolean recorded(int t, int steps) {
        if (t <= 5 || t == 10 || t == LATE || t == steps) {
            return true;
        }
        int decade = (int) Math.pow(10, Math.floor(Math.log10(t)));
        return t % Math.max(1, decade / 2) == 0 && t > 10;
    }

    private static double at(double[] ts, double[] v, int t) {
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] == t) {
                return v[i];
            }
        }
        return Double.NaN;
    }

    private static double[] column(List<double[]> rows, int j) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[j];
        }
        return out;
    }
}
