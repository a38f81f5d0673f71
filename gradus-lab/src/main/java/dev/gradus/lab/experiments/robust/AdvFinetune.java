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
import dev.gradus.nn.Module;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.schedule.Schedules;
import dev.gradus.plot.BarPlot;
import dev.gradus.robust.Classifier;
import dev.gradus.robust.attack.Attack;
import dev.gradus.robust.attack.Pgd;
import dev.gradus.robust.defense.AdversarialStep;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import java.util.List;

/**
 * Adversarial fine-tuning (Jeddi, Shafiee &amp; Wong, 2020): PGD adversarial training of a standard pretrained network
 * for a tenth of the epochs, with the slow-start-fast-decay learning rate, comes within a few points of full PGD
 * adversarial training's robust accuracy; the same fine-tuning at a constant learning rate is the control.
 */
public final class AdvFinetune implements Experiment {
    static final String MODEL = "mlp(hidden=(64,))";
    static final double EPS = 0.1;
    static final int TRAIN_STEPS = 5;
    static final int EPOCHS = 10;
    static final int FT_EPOCHS = 1;
    static final int BATCH = 64;
    static final double LR = 0.05;
    static final int EVAL = 200;

    /** The experiment ServiceLoader creates. */
    public AdvFinetune() {}

    @Override
    public String id() {
        return "adv-finetune";
    }

    @Override
    public String paper() {
        return "A Simple Fine-tuning Is All You Need: Towards Robust Deep Learning Via Adversarial Fine-tuning";
    }

    @Override
    public String reference() {
        return "A. Jeddi, M. J. Shafiee, A. Wong, 2020";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2012.13628";
    }

    @Override
    public String claim() {
        return "Adversarial fine-tuning with a slow-start-fast-decay learning rate nears full adversarial training's robust"
                + " accuracy at about 10-20% of its gradient evaluations.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("CIFAR-10/100 and ImageNet ResNets; PGD-AT from scratch against a short adversarial"
                + " fine-tune of a pretrained model, 8-10x less compute",
                "8x8 digits in [0, 1], MLP 64-64-10, batch 64, SGD momentum 0.9; PGD-5 training attack (L-inf eps 0.1,"
                        + " alpha eps/4, random start) for every method; full AT 10 epochs from scratch with step decay (lr"
                        + " 0.05, x0.1 at 50% and 75%); fine-tuning 1 epoch of a 10-epoch standard model; robust accuracy"
                        + " under PGD-10 (PGD-20 in the full preset) on 200 test inputs",
                "the claim compares robust accuracy at a fixed attack against the gradient evaluations spent, which the"
                        + " small network keeps; robust overfitting, which the paper also discusses, may not appear at this"
                        + " scale and is not tested");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("near-full-at", "Fine-tuning's robust accuracy is at most 5 points below full"
                        + " adversarial training's, at no more than 20% of its gradient evaluations")
                .test(s -> Criterion.atLeast(s + ".robust_minus_full_at", -0.05))
                .precondition(s -> Criterion.atMost(s + ".budget_ratio", 0.2))
                .subject("aft_slow_start_fast_decay")
                .control("aft_constant", "the same fine-tuning budget at the constant peak learning rate")
                .build());
    }

    @Override
    public void trial(Trial t) throws Exception {
        RobustData data = RobustData.digits();
        Pgd trainAttack = Pgd.linf(EPS, EPS / 4, TRAIN_STEPS);
        Pgd evalAttack = Pgd.linf(EPS, EPS / 4, t.quick() ? 10 : 20);
        AdversarialStep adversarial = new AdversarialStep(trainAttack);
        int stepsPerEpoch = (data.train.size() + BATCH - 1) / BATCH;
        long n = data.train.size();

        Module scratch = fresh(t, "full_at", data);
        long atSteps = (long) EPOCHS * stepsPerEpoch;
        train(t, "full AT", scratch, data, adversarial, EPOCHS,
                Schedules.piecewiseConstant(LR, new long[] {atSteps / 2, atSteps * 3 / 4}, new double[] {0.1, 0.1}));
        double atEvals = (double) EPOCHS * n * adversarial.gradientEvaluationsPerExample();

        Module pretrained = fresh(t, "pretrained", data);
        train(t, "pretrain", pretrained, data, TrainStep.standard(), EPOCHS, Schedules.constant(LR));
        double pretrainEvals = (double) EPOCHS * n;
        long ftSteps = (long) FT_EPOCHS * stepsPerEpoch;
        Tensor x = data.testInputs(EVAL);
        int[] y = data.testLabels(EVAL);
        double atRobust = robust(t, scratch, evalAttack, x, y, "full_at");
        t.metric("full_at.clean_acc", Attack.accuracy(Classifier.of(scratch.eval()), x, y));
        t.metric("full_at.robust_acc", atRobust);
        t.metric("pretrained.robust_acc", robust(t, pretrained, evalAttack, x, y, "pretrained"));
        t.metric("pretrained.clean_acc", Attack.accuracy(Classifier.of(pretrained.eval()), x, y));
        for (String who : List.of("aft_slow_start_fast_decay", "aft_constant")) {
            Module m = fresh(t, "pretrained", data);
            m.loadStateDict(pretrained.stateDict());
            Schedule lr = who.equals("aft_constant") ? Schedules.constant(LR)
                    : Schedules.slowStartFastDecay(LR, ftSteps * 3 / 10, ftSteps);
            train(t, who, m, data, adversarial, FT_EPOCHS, lr);
            double ftEvals = (double) FT_EPOCHS * n * adversarial.gradientEvaluationsPerExample();
            double r = robust(t, m, evalAttack, x, y, who);
            t.metric(who + ".robust_acc", r);
            t.metric(who + ".clean_acc", Attack.accuracy(Classifier.of(m.eval()), x, y));
            t.metric(who + ".robust_minus_full_at", r - atRobust);
            t.metric(who + ".budget_ratio", ftEvals / atEvals);
            t.metric(who + ".budget_ratio_with_pretraining", (ftEvals + pretrainEvals) / atEvals);
        }
    }

    private static Module fresh(Trial t, String purpose, RobustData data) {
        return ModelSpec.parse(MODEL).build(data.train.sampleShape(), 10, t.random("init:" + purpose));
    }

    private static void train(Trial t, String label, Module model, RobustData data, TrainStep step, int epochs,
            Schedule lr) throws Exception {
        Trainer trainer = LabTraining.trainer(t, label).model(model).loss(new CrossEntropyLoss()).step(step)
                .optimizer(Optimizers.sgd().lr(lr).momentum(0.9)).data(data.train, null).epochs(epochs)
                .batchSize(BATCH).build();
        trainer.fit();
        model.train();
    }

    private static double robust(Trial t, Module m, Pgd attack, Tensor x, int[] y, String who) {
        Classifier f = Classifier.of(m.eval());
        double acc = Attack.accuracy(f, attack.perturb(f, x, y, t.random("eval attack:" + who)), y);
        m.train();
        return acc;
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Every method trains against the same PGD-5 attack (L-inf eps 0.1, alpha 0.025, random start) and is"
                + " evaluated against the same stronger PGD. A gradient evaluation is one example's gradient: an"
                + " adversarial step costs 6 (5 attack steps and the parameter gradient), a standard one 1. The budget"
                + " ratio counts the fine-tuning alone, as the paper does for a given pretrained model; the ratio with"
                + " the pretraining is reported beside it. The slow-start-fast-decay schedule rises linearly over the"
                + " first 30% of the fine-tuning steps to 0.05, then decays linearly to 0.");
        String[] who = {"pretrained", "full_at", "aft_slow_start_fast_decay", "aft_constant"};
        double[] rob = new double[who.length];
        double[] clean = new double[who.length];
        for (int i = 0; i < who.length; i++) {
            rob[i] = seeds.median(who[i] + ".robust_acc");
            clean[i] = seeds.median(who[i] + ".clean_acc");
            report.keyMetric(who[i] + "_robust_acc", rob[i]);
            report.keyMetric(who[i] + "_clean_acc", clean[i]);
        }
        report.keyMetric("budget_ratio", seeds.median("aft_slow_start_fast_decay.budget_ratio"));
        report.keyMetric("budget_ratio_with_pretraining",
                seeds.median("aft_slow_start_fast_decay.budget_ratio_with_pretraining"));
        report.plot("accuracy", BarPlot.titled("clean and PGD accuracy (median over seeds)").yLabel("accuracy")
                .categories("pretrained", "full AT", "AFT slow-start-fast-decay", "AFT constant")
                .group("clean", clean).group("robust", rob));
    }
}
