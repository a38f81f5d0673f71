package dev.gradus.lab.experiments.robust;

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
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.plot.BarPlot;
import dev.gradus.robust.Classifier;
import dev.gradus.robust.InputGradient;
import dev.gradus.robust.InputGradients;
import dev.gradus.robust.SoftmaxPrecision;
import dev.gradus.robust.attack.Attack;
import dev.gradus.robust.attack.CarliniWagnerL2;
import dev.gradus.robust.attack.CwResult;
import dev.gradus.robust.attack.Fgsm;
import dev.gradus.robust.defense.DistillationStep;
import dev.gradus.robust.defense.TemperatureCrossEntropy;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import java.util.Arrays;
import java.util.List;

/**
 * Defensive distillation against FGSM and Carlini-Wagner: the distilled network resists FGSM only because its
 * deployed softmax saturates and its float32 input gradients underflow to zero (gradient masking); FGSM on the logits
 * divided by T, and CW-L2 on the logits, still find small adversarial perturbations.
 */
public final class AttacksDistill implements Experiment {
    static final String MODEL = "mlp(hidden=(64,))";
    static final double T = 100;
    static final double EPS = 0.2;
    static final int EVAL = 100;

    /** The experiment ServiceLoader creates. */
    public AttacksDistill() {}

    @Override
    public String id() {
        return "attacks-distill";
    }

    @Override
    public String paper() {
        return "Evaluating Adversarial Robustness: A Comparison Of FGSM, Carlini-Wagner Attacks, And The Role of"
                + " Distillation as Defense Mechanism";
    }

    @Override
    public String reference() {
        return "technical report (abstract only); attacks: Goodfellow et al. 2015, Carlini & Wagner 2017; distillation:"
                + " Papernot et al. 2016; its analysis: Carlini & Wagner 2016";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/1608.04644";
    }

    @Override
    public String claim() {
        return "Defensive distillation stops FGSM only through gradient masking, while Carlini-Wagner L2 still succeeds"
                + " with small perturbations.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("Tiny-ImageNet ResNeXt50/DenseNet-201/VGG-19 under FGSM and CW; ResNet-101 teacher distilled"
                + " into ResNeXt50 on CIFAR-10",
                "8x8 digits scaled to [0, 1] (1437 train, the first 100 test inputs attacked); MLP 64-64-10; teacher and"
                        + " student at T = 100 (Papernot's MNIST value), 40 epochs of Adam (lr 0.01) each; FGSM at eps = 0.2 (L-inf),"
                        + " CW-L2 with 5 binary-search steps of 100 Adam iterations (the reference: 9 of 10000); the full"
                        + " preset runs 20 seeds of the same",
                "masking is a property of the saturated softmax at deployment, which the small network reaches as the"
                        + " large one does; the float32 softmax of the deep-learning frameworks is reproduced explicitly");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("fgsm-stopped", "Under FGSM (eps 0.2, float32 softmax) the model keeps at least 80% of its"
                        + " clean accuracy")
                        .test(s -> Criterion.atLeast(s + ".fgsm_retained", 0.8))
                        .precondition(s -> Criterion.atLeast(s + ".clean_acc", 0.9))
                        .subject("distilled")
                        .control("standard", "the same network trained normally loses most of its accuracy")
                        .build(),
                Claim.that("masking", "For at least half of the test inputs the float32 input gradient is exactly zero")
                        .test(s -> Criterion.atLeast(s + ".zero_grad_fraction", 0.5))
                        .subject("distilled")
                        .control("standard", "a normally trained network's softmax does not saturate")
                        .build(),
                Claim.that("masking-broken", "FGSM on the distilled logits divided by T keeps at most 50% of the clean"
                        + " accuracy: the robustness was masking")
                        .test(s -> Criterion.atMost(s + ".fgsm_retained", 0.5))
                        .subject("distilled_logits_over_t")
                        .control("distilled", "plain FGSM on the deployed distilled network, whose gradient is masked")
                        .build(),
                Claim.that("cw-succeeds", "CW-L2 finds adversarial examples for at least 90% of the correctly classified"
                        + " inputs of the distilled network, with median L2 perturbation at most 1.5")
                        .test(s -> Criterion.allOf(Criterion.atLeast(s + ".success_rate", 0.9),
                                Criterion.atMost(s + ".median_l2", 1.5)))
                        .subject("cw_distilled")
                        .control("fgsm_distilled", "FGSM against the same inputs of the same network")
                        .build());
    }

    @Override
    public void trial(Trial t) throws Exception {
        RobustData data = RobustData.digits();
        int epochs = 40;
        Module standard = train(t, "standard", data, new CrossEntropyLoss(), TrainStep.standard(), epochs);
        Module teacher = train(t, "teacher", data, new TemperatureCrossEntropy(T), TrainStep.standard(), epochs);
        Module student = train(t, "student", data, new CrossEntropyLoss(), new DistillationStep(teacher, T), epochs);
        Tensor x = data.testInputs(EVAL);
        int[] y = data.testLabels(EVAL);
        Classifier fs = Classifier.of(standard.eval());
        Classifier fd = Classifier.of(student.eval());
        Fgsm fgsm32 = new Fgsm(EPS, 0, 1, SoftmaxPrecision.FLOAT32);
        Fgsm fgsm64 = new Fgsm(EPS, 0, 1, SoftmaxPrecision.FLOAT64);
        measure(t, "standard", fs, fs, fgsm32, x, y);
        measure(t, "distilled", fd, fd, fgsm32, x, y);
        measure(t, "distilled_logits_over_t", fd, fd.scaled(1 / T), fgsm32, x, y);
        t.metric("distilled.fgsm64_retained", Attack.accuracy(fd, fgsm64.perturb(fd, x, y, null), y)
                / Attack.accuracy(fd, x, y));
        // CW and FGSM success on the inputs the distilled network classifies correctly
        int[] keep = correct(fd, x, y);
        Tensor xc = x.indexSelect(keep);
        int[] yc = new int[keep.length];
        for (int i = 0; i < keep.length; i++) {
            yc[i] = y[keep[i]];
        }
        CwResult cw = CarliniWagnerL2.defaults().binarySearchSteps(5).maxIterations(100).attack(fd, xc, yc);
        t.metric("cw_distilled.success_rate", cw.successRate());
        t.metric("cw_distilled.median_l2", cw.medianL2());
        if (!t.quick()) {
            // the standard network's CW distance, for comparison; the quick preset leaves it out for time
            CwResult cws = CarliniWagnerL2.defaults().binarySearchSteps(5).maxIterations(100).attack(fs, xc, yc);
            t.metric("cw_standard.success_rate", cws.successRate());
            t.metric("cw_standard.median_l2", cws.medianL2());
        }
        Tensor adv = fgsm32.perturb(fd, xc, yc, null);
        int[] pred = Attack.predict(fd, adv);
        int fooled = 0;
        double[] l2 = new double[keep.length];
        int width = x.size() / x.dim(0);
        for (int i = 0; i < keep.length; i++) {
            double s = 0;
            for (int j = i * width; j < (i + 1) * width; j++) {
                s += Math.pow(adv.data()[j] - xc.data()[j], 2);
            }
            if (pred[i] != yc[i]) {
                l2[fooled++] = Math.sqrt(s);
            }
        }
        t.metric("fgsm_distilled.success_rate", keep.length == 0 ? Double.NaN : fooled / (double) keep.length);
        t.metric("fgsm_distilled.median_l2", fooled == 0 ? Double.NaN : median(Arrays.copyOf(l2, fooled)));
        if (fooled == 0) {
            t.note("FGSM fooled the distilled network on no input: its median L2 is undefined (NaN)");
        }
    }

    private static Module train(Trial t, String label, RobustData data, Loss loss, TrainStep step, int epochs)
            throws Exception {
        Module model = ModelSpec.parse(MODEL).build(data.train.sampleShape(), 10, t.random("init:" + label));
        Trainer trainer = LabTraining.trainer(t, label).model(model).loss(loss).step(step).optimizer("adam(lr=0.01)")
                .data(data.train, null).epochs(epochs).batchSize(64).build();
        trainer.fit();
        return trainer.model();
    }

    /** Clean accuracy, accuracy under {@code attack} computed through {@code attacked}, and the gradient statistics. */
    private static void measure(Trial t, String who, Classifier deployed, Classifier attacked, Attack attack, Tensor x,
            int[] y) {
        double clean = Attack.accuracy(deployed, x, y);
        double robust = Attack.accuracy(deployed, attack.perturb(attacked, x, y, null), y);
        InputGradient g = InputGradients.crossEntropy(attacked, x, y, SoftmaxPrecision.FLOAT32);
        InputGradient g64 = InputGradients.crossEntropy(deployed, x, y, SoftmaxPrecision.FLOAT64);
        t.metric(who + ".clean_acc", clean);
        t.metric(who + ".fgsm_acc", robust);
        t.metric(who + ".fgsm_retained", robust / clean);
        t.metric(who + ".zero_grad_fraction", g.zeroRowFraction());
        t.metric(who + ".median_logit_gap", median(g64.logitGaps()));
        t.metric(who + ".median_grad_norm64", median(g64.rowNorms()));
    }

    private static int[] correct(Classifier f, Tensor x, int[] y) {
        int[] p = Attack.predict(f, x);
        return java.util.stream.IntStream.range(0, y.length).filter(i -> p[i] == y[i]).toArray();
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Standard and distilled (T = 100) MLPs on digits in [0, 1]. FGSM at eps 0.2 uses a float32 softmax"
                + " (Java floats keep subnormals, so probabilities underflow at a logit gap of about 104); the distilled"
                + " network's float64 FGSM accuracy is reported beside it. Logit gaps and gradient norms are float64"
                + " medians over the 100 attacked inputs. CW-L2 (untargeted, kappa 0) attacks the inputs each network"
                + " classifies correctly.");
        for (String who : List.of("standard", "distilled", "distilled_logits_over_t")) {
            report.keyMetric(who + "_fgsm_retained", seeds.median(who + ".fgsm_retained"));
        }
        report.keyMetric("distilled_fgsm64_retained", seeds.median("distilled.fgsm64_retained"));
        report.keyMetric("standard_median_logit_gap", seeds.median("standard.median_logit_gap"));
        report.keyMetric("distilled_median_logit_gap", seeds.median("distilled.median_logit_gap"));
        report.keyMetric("distilled_zero_grad_fraction", seeds.median("distilled.zero_grad_fraction"));
        report.keyMetric("standard_median_grad_norm64", seeds.median("standard.median_grad_norm64"));
        report.keyMetric("distilled_median_grad_norm64", seeds.median("distilled.median_grad_norm64"));
        report.keyMetric("cw_distilled_success", seeds.median("cw_distilled.success_rate"));
        report.keyMetric("cw_distilled_median_l2", seeds.median("cw_distilled.median_l2"));
        if (!(seeds.values("cw_standard.median_l2").length == 0)) {
            report.keyMetric("cw_standard_median_l2", seeds.median("cw_standard.median_l2"));
        }
        report.plot("fgsm", BarPlot.titled("accuracy kept under FGSM eps 0.2 (median over seeds)").yLabel("robust / clean")
                .categories("standard", "distilled", "distilled, logits/T")
                .group("FGSM", new double[] {seeds.median("standard.fgsm_retained"),
                        seeds.median("distilled.fgsm_retained"), seeds.median("distilled_logits_over_t.fgsm_retained")}));
    }
}
