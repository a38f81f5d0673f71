package dev.gradus.lab.experiments;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Format;
import dev.gradus.lab.LabTraining;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedOutcome;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.SeriesTable;
import dev.gradus.lab.Trial;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.FanMode;
import dev.gradus.nn.Initializer;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Nonlinearity;
import dev.gradus.nn.PerSampleBatch;
import dev.gradus.nn.PerSampleGradients;
import dev.gradus.nn.ReLU;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.Optimizers;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.Callback;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Coherent gradients (Chatterjee and Zielinski, "On the Generalization Mystery in Deep Learning", 2022).
 *
 * <p>The m-coherence of per-example gradients {@code g_i},
 * <pre>
 *   alpha_m = || sum_i g_i ||^2 / sum_i ||g_i||^2     in [0, m]
 * </pre>
 * is about 1 for mutually orthogonal gradients and m for identical ones. The claim: with real labels the gradients
 * of different examples agree (a step helps many examples at once), with random labels they do not, so training
 * keeps the coherence far higher with real labels. Measured on the same network trained by full-batch GD (through
 * the library's {@link Trainer}) once on the real and twice on random labels, on a fixed subsample of m training
 * examples. The per-example gradients come from {@link PerSampleGradients}, weights only (the biases carry a shared
 * class-prior component).
 *
 * <p>At step 0 the coherences already differ (the output layer's class prior), so the claim is tested on the
 * change from step 0: the gain {@code (alpha_A(t) / alpha_B(t)) / (alpha_A(0) / alpha_B(0))} of real labels (A)
 * over random labels (B) must exceed 1.5 at steps 10, 25, 50 and 100; the control is the same gain of a second
 * random labelling over the first, which training should not create.
 */
public final class CoherentGradients implements Experiment {

    private record Config(int n, int testN, int hidden, double lr, int steps, int m) {}

    private static Config config(boolean quick) {
        return quick
                ? new Config(1000, 1000, 128, 0.01, 100, 250)
                : new Config(2000, 2000, 128, 0.01, 1600, 250);
    }

    /** The steps at which the claim compares the label sets. */
    private static final int[] COMPARED = {10, 25, 50, 100};
    private static final double GAIN = 1.5;

    @Override
    public String id() {
        return "coherent-gradients";
    }

    @Override
    public String paper() {
        return "On the Generalization Mystery in Deep Learning";
    }

    @Override
    public String reference() {
        return "S. Chatterjee, P. Zielinski, arXiv:2203.10036, 2022";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2203.10036";
    }

    @Override
    public String claim() {
        return "The m-coherence of per-example gradients is far higher with real labels than with random labels.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(3, 5).because("three trainings per seed on MNIST; the issue asks for 3 seeds");
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("MNIST, CIFAR-10 and ImageNet with MLPs, ResNets and Inception, tens of thousands of steps",
                "MNIST (bundled 10k subset), MLP 784-128-10, full-batch GD; quick: 1000 images, 100 steps, 3 seeds "
                        + "(the lab's slowest quick experiment: three trainings per seed); full: 2000 images, 1600 "
                        + "steps, 5 seeds (several minutes)",
                "the claim concerns the learning phase, which these first 100 steps cover; the later phase, where "
                        + "the real labels are fitted and their coherence falls, is shown by the full preset");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(claim("coherence-gain", GAIN), claim("coherence-gap-widens", 1));
    }

    private static Claim claim(String id, double gain) {
        return Claim.that(id, "Training raises the coherence of real-label gradients relative "
                        + "to random-label ones: the gain over step 0 exceeds " + Format.number(gain)
                        + " at steps 10, 25, 50 and 100")
                .test(s -> {
                    Criterion[] c = new Criterion[COMPARED.length];
                    for (int k = 0; k < COMPARED.length; k++) {
                        c[k] = Criterion.above(s + ".gain_t" + COMPARED[k], gain);
                    }
                    return Criterion.allOf(c);
                })
                .subject("real_over_random")
                .control("random2_over_random", "a second random labelling over the first: the same test with "
                        + "no signal to learn")
                .build();
    }

    @Override
    public void trial(Trial t) throws IOException {
        Config c = config(t.quick());
        Dataset all = Datasets.load("mnist10k");
        Dataset train = all.range(0, c.n);
        Dataset test = all.range(all.size() - c.testN, all.size());
        int classes = all.numClasses();
        int[] subsample = t.random("subsample").choice(c.n, c.m, false);
        double[][] coherence = new double[3][];
        double[] testAcc = new double[3];
        double[] trainAcc = new double[3];
        String[] runs = {"real", "random", "random2"};
        for (int r = 0; r < runs.length; r++) {
            int[] labels = train.labels().clone();
            if (r > 0) {
                RandomStream labelRng = t.random("random-labels-" + r);
                for (int i = 0; i < c.n; i++) {
                    labels[i] = labelRng.nextInt(classes);
                }
            }
            Dataset data = Dataset.classification("mnist-" + runs[r], train.features(), labels, all.classNames());
            Module model = model(c, t.random("init"), classes); // the same initial network for every label set
            Tensor xs = train.features().indexSelect(subsample);
            double[] ys = new double[c.m];
            for (int i = 0; i < c.m; i++) {
                ys[i] = labels[subsample[i]];
            }
            Coherence probe = new Coherence(model, xs, Tensor.of(ys, c.m), c.steps);
            Trainer trainer = LabTraining.trainer(t, runs[r] + " labels").model(model).loss(new CrossEntropyLoss())
                    .optimizer(Optimizers.sgd().lr(c.lr)).data(data, null).epochs(c.steps).batchSize(c.n)
                    .callbacks(probe).build();
            trainer.fit();
            coherence[r] = probe.values();
            trainAcc[r] = trainer.evaluate(data).accuracy();
            testAcc[r] = trainer.evaluate(test).accuracy();
        }
        double[] steps = Coherence.stepsUpTo(c.steps);
        for (int r = 0; r < runs.length; r++) {
            t.curve(runs[r], coherence[r]);
            t.metric(runs[r] + ".coherence_t0", coherence[r][0]);
            t.metric(runs[r] + ".train_acc_final", trainAcc[r]);
            t.metric(runs[r] + ".test_acc_final", testAcc[r]);
        }
        t.curve("step", steps);
        for (int k = 0; k < COMPARED.length; k++) {
            int i = Arrays.binarySearch(steps, COMPARED[k]);
            for (int r = 0; r < runs.length; r++) {
                t.metric(runs[r] + ".coherence_t" + COMPARED[k], coherence[r][i]);
            }
            t.metric("real_over_random.gain_t" + COMPARED[k],
                    (coherence[0][i] / coherence[1][i]) / (coherence[0][0] / coherence[1][0]));
            t.metric("random2_over_random.gain_t" + COMPARED[k],
                    (coherence[2][i] / coherence[1][i]) / (coherence[2][0] / coherence[1][0]));
        }
    }

    @Override
    public void summarize(ExperimentContext ctx, SeedResults seeds) {
        Config c = config(ctx.quick());
        ctx.setup(String.format(Locale.ROOT, "MNIST (bundled mnist10k): the first %d images for training, the last %d "
                + "for testing, pixels in [0, 1]. MLP 784-%d-10 (ReLU, He-normal weights, zero biases), full-batch GD "
                + "on the mean cross-entropy through the library's Trainer, lr = %s, %d steps; the same initial "
                + "network trained on the real labels and on two independent uniformly random labellings. "
                + "m-coherence of the weight gradients (from PerSampleGradients) on a fixed subsample of m = %d "
                + "training examples.", c.n, c.testN, c.hidden, Format.number(c.lr), c.steps, c.m));
        SeedOutcome first = seeds.first();
        if (first == null) {
            return;
        }
        double[] steps = first.curves().get("step").clone();
        double[] plotSteps = steps.clone();
        plotSteps[0] = 0.5;
        double[] real = seeds.medianCurve("real");
        double[] random = seeds.medianCurve("random");
        double[] random2 = seeds.medianCurve("random2");
        ctx.series("coherence", SeriesTable.of("step", steps).with("real labels", real).with("random labels", random)
                .with("random labels (second)", random2));
        ctx.plot("coherence", XYPlot.titled("m-coherence of per-example gradients (m = " + c.m + ", median over seeds)")
                .xLabel("GD step (step 0 drawn at 0.5)").yLabel("alpha_m").logX().logY()
                .legend(XYPlot.Legend.OUTSIDE_E)
                .lineWithMarkers("real labels", plotSteps, real)
                .lineWithMarkers("random labels", plotSteps, random)
                .dashed("random labels (second)", plotSteps, random2));
        for (int t : COMPARED) {
            ctx.metric("median_gain_t" + t, seeds.median("real_over_random.gain_t" + t));
            ctx.metric("median_control_gain_t" + t, seeds.median("random2_over_random.gain_t" + t));
        }
        ctx.keyMetric("median_test_acc_real", seeds.median("real.test_acc_final"));
        ctx.metric("median_train_acc_random", seeds.median("random.train_acc_final"));
        ctx.note(String.format(Locale.ROOT, "Median coherence at step 0: real %s, random %s: the class prior shared by "
                + "both label sets already separates them before any training, which is why the claim reads the gain "
                + "over step 0. Median gain at steps 10/25/50/100: %s/%s/%s/%s; the control's: %s/%s/%s/%s.",
                Format.number(seeds.median("real.coherence_t0")), Format.number(seeds.median("random.coherence_t0")),
                Format.number(seeds.median("real_over_random.gain_t10")),
                Format.number(seeds.median("real_over_random.gain_t25")),
                Format.number(seeds.median("real_over_random.gain_t50")),
                Format.number(seeds.median("real_over_random.gain_t100")),
                Format.number(seeds.median("random2_over_random.gain_t10")),
                Format.number(seeds.median("random2_over_random.gain_t25")),
                Format.number(seeds.median("random2_over_random.gain_t50")),
                Format.number(seeds.median("random2_over_random.gain_t100"))));
        ctx.note("The claim coherence-gain (gain above 1.5) was stated first; its first run found gains of 1.1 to 1.3 "
                + "(control 0.86 to 0.94), so it does not reproduce at that strength. The weaker claim "
                + "coherence-gap-widens (gain above 1, the control below it) was added after that run and is labelled "
                + "so; the seeds table shows in which seeds it holds.");
    }

    /** MLP {@code 784-hidden-classes}, ReLU, He-normal weights and zero biases. */
    private static Module model(Config c, RandomStream init, int classes) {
        Initializer he = Initializer.kaimingNormal(FanMode.FAN_IN, Nonlinearity.RELU);
        return new Sequential(new Linear(784, c.hidden, true, he, Initializer.zeros(), init), new ReLU(),
                new Linear(c.hidden, classes, true, he, Initializer.zeros(), init));
    }

    /** The m-coherence of the weight gradients of {@code model} on {@code (xs, ys)}, from per-sample gradients. */
    static double coherence(Module model, Tensor xs, Tensor ys) {
        PerSampleBatch b = PerSampleGradients.of(model, new CrossEntropyLoss()).parameters(n -> n.endsWith("weight"))
                .compute(xs, ys);
        double[] ones = new double[b.size()];
        Arrays.fill(ones, 1);
        TensorMap sum = b.weightedSum(ones);
        double sumNorm = 0;
        for (String name : sum.names()) {
            double norm = sum.get(name).norm();
            sumNorm += norm * norm;
        }
        double normSum = 0;
        for (double v : b.norms()) {
            normSum += v * v;
        }
        return sumNorm / normSum;
    }

    /** Records the coherence before training and after the steps {@link #stepsUpTo} lists. */
    private static final class Coherence implements Callback {
        private final Module model;
        private final Tensor xs;
        private final Tensor ys;
        private final double[] steps;
        private final List<Double> values = new ArrayList<>();

        Coherence(Module model, Tensor xs, Tensor ys, int last) {
            this.model = model;
            this.xs = xs;
            this.ys = ys;
            this.steps = stepsUpTo(last);
        }

        /** 0 to 10, the compared steps, then powers of two times 100. */
        static double[] stepsUpTo(int last) {
            List<Double> s = new ArrayList<>();
            for (int t = 0; t <= last; t++) {
                if (t <= 10 || t == 25 || t == 50 || t == 75 || (t % 100 == 0 && Integer.bitCount(t / 100) == 1)) {
                    s.add((double) t);
                }
            }
            double[] out = new double[s.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = s.get(i);
            }
            return out;
        }

        @Override
        public void onTrainBegin(TrainingContext ctx) {
            values.add(coherence(model, xs, ys));
        }

        @Override
        public void onStepEnd(TrainingContext ctx, double loss) {
            if (Arrays.binarySearch(steps, ctx.step()) >= 0) {
                values.add(coherence(model, xs, ys));
            }
        }

        double[] values() {
            double[] out = new double[values.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = values.get(i);
            }
            return out;
        }
    }
}
