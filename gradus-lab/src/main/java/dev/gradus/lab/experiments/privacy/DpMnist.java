package dev.gradus.lab.experiments.privacy;

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
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.plot.XYPlot;
import dev.gradus.privacy.DpSgd;
import dev.gradus.privacy.PrivacyEngine;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.Trainer;
import java.util.List;

/**
 * DP-SGD (Abadi et al., CCS 2016) on an MLP: test accuracy rises with the privacy budget ε toward the non-private
 * accuracy, with the noise multiplier calibrated for each ε by the RDP accountant.
 */
public final class DpMnist implements Experiment {
    static final double[] EPSILONS = {1, 3, 8};
    static final String MODEL = "mlp(hidden=(128,))";
    static final int BATCH = 100;

    /** The experiment ServiceLoader creates. */
    public DpMnist() {}

    @Override
    public String id() {
        return "dp-mnist";
    }

    @Override
    public String paper() {
        return "Deep Learning with Differential Privacy";
    }

    @Override
    public String reference() {
        return "M. Abadi, A. Chu, I. Goodfellow, H. B. McMahan, I. Mironov, K. Talwar, L. Zhang, CCS 2016";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/1607.00133";
    }

    @Override
    public String claim() {
        return "DP-SGD's test accuracy rises with epsilon (1, 3, 8 at delta 1e-5) toward the non-private accuracy.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
        // quick preset: five trainings of 3 epochs on 2000 examples per seed, about 20 s of CPU in all
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("MNIST 60000, PCA-60 + 1000-unit MLP, hundreds of epochs",
                "mnist10k: 2000 training examples and 3 epochs in the quick preset (all 10000, split 80/20, and 10 epochs"
                        + " in the full), MLP 784-128-10, SGD lr 0.5, batch 100 (Poisson), C = 1",
                "the claim is the ordering of accuracy in epsilon and its gap to non-private training at fixed data and"
                        + " epochs, which a smaller run keeps");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("monotone", "Test accuracy at epsilon 8 exceeds that at epsilon 1 by at least 2 points")
                        .test(s -> Criterion.atLeast(s + ".gain_1_to_8", 0.02))
                        .subject("dp_sgd")
                        .control("dp_sgd_fixed_sigma", "the same runs with epsilon 1's noise for every budget: more"
                                + " budget without less noise buys nothing")
                        .build(),
                Claim.that("toward-nonprivate", "At epsilon 8 the accuracy is within 15 points of non-private training")
                        .test(s -> Criterion.atLeast(s + ".acc_eps8_minus_nonprivate", -0.15))
                        .subject("dp_sgd")
                        .control("dp_sgd_eps1", "epsilon 1's accuracy against the same non-private line: a"
                                + " small budget is far from it")
                        .build());
    }

    @Override
    public void trial(Trial t) throws Exception {
        Dataset all = Datasets.load("mnist10k");
        Dataset data = t.quick() ? all.range(0, 2500) : all;
        Split split = data.split(0.2, 0.0, 7);
        Standardizer z = Standardizer.fit(split.train());
        Dataset train = z.apply(split.train());
        Dataset test = z.apply(split.validation());
        int epochs = t.quick() ? 3 : 10;
        double nonPrivate = accuracy(t, "non-private", train, test, epochs, null);
        double[] acc = new double[EPSILONS.length];
        double sigmaAt1 = Double.NaN;
        for (int k = 0; k < EPSILONS.length; k++) {
            String spec = "dp_sgd(target_epsilon=" + EPSILONS[k] + ", delta=1e-5, max_grad_norm=1.0)";
            acc[k] = accuracy(t, "epsilon " + EPSILONS[k], train, test, epochs, spec);
            if (k == 0) {
                sigmaAt1 = DpSgd.parse(spec).plan(train.size(), BATCH, epochs).noiseMultiplier();
            }
            t.metric("dp_sgd.acc_eps" + (int) EPSILONS[k], acc[k]);
        }
        double fixed8 = accuracy(t, "epsilon 8 at epsilon 1's noise", train, test, epochs,
                "dp_sgd(noise_multiplier=" + sigmaAt1 + ", delta=1e-5, max_grad_norm=1.0)");
        t.metric("nonprivate.acc", nonPrivate);
        t.metric("dp_sgd.gain_1_to_8", acc[2] - acc[0]);
        t.metric("dp_sgd_fixed_sigma.gain_1_to_8", fixed8 - acc[0]);
        t.metric("dp_sgd.acc_eps8_minus_nonprivate", acc[2] - nonPrivate);
        t.metric("dp_sgd_eps1.acc_eps8_minus_nonprivate", acc[0] - nonPrivate);
        t.curve("dp_sgd", acc);
    }

    private static double accuracy(Trial t, String label, Dataset train, Dataset test, int epochs, String privacy)
            throws Exception {
        Module model = ModelSpec.parse(MODEL).build(train.sampleShape(), 10, t.random("init"));
        Trainer.Builder b = LabTraining.trainer(t, label).optimizer("sgd(lr=0.5)").data(train, null).batchSize(BATCH);
        if (privacy == null) {
            b.model(model).loss(new CrossEntropyLoss()).epochs(epochs);
        } else {
            PrivacyEngine.makePrivate(b, model, new CrossEntropyLoss(), train, BATCH, epochs, DpSgd.parse(privacy));
        }
        Trainer trainer = b.build();
        trainer.fit();
        return trainer.evaluate(test).accuracy();
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Per budget epsilon in {1, 3, 8} at delta 1e-5, the noise multiplier is calibrated for the whole"
                + " run (Opacus' get_noise_multiplier over the RDP accountant); Poisson batches of expected size 100,"
                + " flat clipping at 1, ghost norms. The features are standardised with the training split's statistics,"
                + " which is not itself private. The second claim's control is epsilon 1's accuracy under the same test.");
        report.keyMetric("nonprivate_accuracy", seeds.median("nonprivate.acc"));
        for (double e : EPSILONS) {
            report.keyMetric("accuracy_eps" + (int) e, seeds.median("dp_sgd.acc_eps" + (int) e));
        }
        report.plot("accuracy", XYPlot.titled("test accuracy vs epsilon (median over seeds)").xLabel("epsilon")
                .yLabel("accuracy").line("DP-SGD", EPSILONS, seeds.medianCurve("dp_sgd")));
    }
}
