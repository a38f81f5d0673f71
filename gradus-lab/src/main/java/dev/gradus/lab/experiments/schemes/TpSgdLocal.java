package dev.gradus.lab.experiments.schemes;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.data.Standardizer;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.LabTraining;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.nn.Activation;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.FanMode;
import dev.gradus.nn.Initializer;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Nonlinearity;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.Optimizers;
import dev.gradus.plot.BarPlot;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainStep;
import dev.gradus.train.local.TargetProjectionStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;

/**
 * Layer-local training by fixed random target projection (tpSGD, "Learning with Local Gradients at the Edge",
 * 2022) against backpropagation, with DRTP (Frenkel et al., 2021) beside it, through the library's
 * {@link TargetProjectionStep} in the ordinary Trainer, on the bundled digits (8×8, 10 classes; 70/30 split per
 * seed, standardised on the training part). The digest's recipe: ReLU MLP, He initialisation, SGD lr 0.05, batch
 * 32, 20 epochs; four ways to train it: backprop, tpSGD, DRTP, and only the output layer on the random hidden layers
 * (which tells whether the hidden layers learned anything).
 *
 * <p>The claim's network is 64-32-32-10. At the digest's width (64-256-256-10) the output layer alone on random
 * hidden layers already comes within 0.05 of backprop on digits (gap 0.02-0.03 in a development run on 5 seeds,
 * backprop 0.96-0.98, tpSGD 0.95-0.97), so the test could not tell local learning from no hidden learning: the
 * digest's pitfall "easy tasks hide the gap". With 32 units the random features fall well behind, and a local rule
 * has to learn the hidden layers to pass. The full preset also runs width 256 and reports it.
 *
 * <p>Claim (the digest's verdict, threshold from the paper's "within 5%" read as 0.05 accuracy): tpSGD's test
 * accuracy is at most 0.05 below backprop's on the same split and initialisation; the output-layer-only control is
 * not. DRTP is reported beside it, with no claim, on the same ReLU network and on a tanh one ({@code drtp_tanh}):
 * its hidden-layer signal {@code -P_l ⊙ g'(z_l)} has no fixed point, and with ReLU units it did poorly in development
 * runs (test accuracy 0.65 at width 32) where bounded tanh units reached 0.935 (one split, PyTorch's default
 * initialisation).
 */
public final class TpSgdLocal implements Experiment {

    /** The hidden width of the claim's network. */
    private static final int HIDDEN = 32;
    /** The digest's hidden width, run in the full preset and reported only. */
    private static final int WIDE = 256;
    private static final double LR = 0.05;
    private static final int BATCH = 32;
    private static final int EPOCHS = 20;
    private static final List<String> METHODS = List.of("backprop", "tpsgd", "drtp", "drtp_tanh", "last_layer");

    @Override
    public String id() {
        return "tpsgd";
    }

    @Override
    public String paper() {
        return "Learning with Local Gradients at the Edge";
    }

    @Override
    public String reference() {
        return "M. Lomnitz, Z. Daniels, D. Zhang, M. Piacentino, arXiv:2208.08503, 2022";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2208.08503";
    }

    @Override
    public String claim() {
        return "Training each hidden layer against a fixed random projection of the labels, with no error "
                + "propagated across layers, comes within 5% of backpropagation's accuracy.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("shallow MLPs, CNNs and RNNs on MNIST, Fashion-MNIST, CIFAR-10 and speech sets",
                "MLP 64-32-32-10 on the bundled digits, 20 epochs of SGD (batch 32), about 0.5 s per seed; the full "
                        + "preset adds the digest's width 64-256-256-10 (reported only) and 20 seeds, about 20× the "
                        + "quick cost",
                "the claim is about the training rule of an MLP's hidden layers, which this network has; digits is "
                        + "the harder of the digest's sets that fits the budget, and the narrow width keeps random "
                        + "hidden layers from solving it");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("within-5", "The test accuracy is at most 0.05 below backprop's on the same seed")
                        .test(s -> Criterion.atMost(s + ".gap", 0.05))
                        .subject("tpsgd")
                        .control("last_layer", "only the output layer trained, on the random hidden layers")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        Split split = Datasets.load("digits").split(0, 0.3, t.random("split").nextLong());
        Standardizer st = Standardizer.fit(split.train());
        Dataset train = st.apply(split.train());
        Dataset test = st.apply(split.test());
        run(t, train, test, HIDDEN, "");
        if (!t.quick()) {
            run(t, train, test, WIDE, "wide_");
        }
    }

    /** Trains the four ways at hidden width {@code width}; metrics are named {@code prefix + method + ...}. */
    private static void run(Trial t, Dataset train, Dataset test, int width, String prefix) {
        int classes = train.numClasses();
        double backprop = Double.NaN;
        for (String method : METHODS) {
            String m = prefix + method;
            Sequential net = Mlp.builder(train.numFeatures()).hidden(width, width).outputs(classes)
                    .activation(method.equals("drtp_tanh") ? Activation.TANH : Activation.RELU)
                    .weightInit(Initializer.kaimingNormal(FanMode.FAN_IN, Nonlinearity.RELU))
                    .build(t.random("init"));
            TrainStep step = switch (method) {
                case "tpsgd" -> TargetProjectionStep.tpSgd(t.random("projection").nextLong());
                case "drtp", "drtp_tanh" -> TargetProjectionStep.drtp(t.random("projection").nextLong());
                default -> TrainStep.standard();
            };
            if (method.equals("last_layer")) {
                ((Linear) net.get(0)).weight().setTrainable(false);
                ((Linear) net.get(0)).bias().setTrainable(false);
                ((Linear) net.get(2)).weight().setTrainable(false);
                ((Linear) net.get(2)).bias().setTrainable(false);
            }
            Trainer trainer = LabTraining.trainer(t, m).model(net).loss(new CrossEntropyLoss())
                    .optimizer(Optimizers.sgd().lr(LR)).step(step).data(train, null).epochs(EPOCHS)
                    .batchSize(BATCH).build();
            long start = System.nanoTime();
            try {
                trainer.fit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            t.metric(m + ".seconds", (System.nanoTime() - start) / 1e9);
            double acc = trainer.evaluate(test).accuracy();
            t.metric(m + ".test_acc", acc);
            t.metric(m + ".train_acc", trainer.evaluate(train).accuracy());
            if (method.equals("backprop")) {
                backprop = acc;
            }
            t.metric(m + ".gap", backprop - acc);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup(String.format(Locale.ROOT, "Bundled digits, 70/30 split per seed, standardised; MLP 64-%d-%d-10, "
                + "ReLU (drtp_tanh: tanh), He init; SGD lr %.2g, batch %d, %d epochs; tpSGD and DRTP projections "
                + "N(0, 1), fixed per seed.", HIDDEN, HIDDEN, LR, BATCH, EPOCHS));
        StringBuilder note = new StringBuilder("Median test accuracy over seeds at width " + HIDDEN + ":");
        double[] medians = new double[METHODS.size()];
        for (int i = 0; i < METHODS.size(); i++) {
            String m = METHODS.get(i);
            medians[i] = seeds.median(m + ".test_acc");
            report.keyMetric(m + "_test_acc_median", medians[i]);
            note.append(String.format(Locale.ROOT, " %s %.3f (%.2f s)", m, medians[i], seeds.median(m + ".seconds")));
        }
        note.append(" [digest, synthetic set at width 256: backprop 0.971, local 0.980, last layer 0.942].");
        if (!report.quick()) {
            note.append(" Width ").append(WIDE).append(":");
            for (String m : METHODS) {
                note.append(String.format(Locale.ROOT, " %s %.3f", m, seeds.median("wide_" + m + ".test_acc")));
            }
            note.append('.');
        }
        report.note(note.toString());
        report.plot("accuracy", BarPlot.titled("Test accuracy, width " + HIDDEN + " (median over seeds)")
                .categories(METHODS.toArray(new String[0])).group("test accuracy", medians).yLabel("test accuracy")
                .valueLabels());
    }
}
