package dev.gradus.lab.experiments.dg;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.ShiftedDomains;
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
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Sequential;
import dev.gradus.nn.objective.UdimObjective;
import dev.gradus.nn.objective.UdimStep;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * UDIM (Shin, Bae, Na, Kim, Moon, "Unknown Domain Inconsistency Minimization for Domain Generalization", ICLR
 * 2024) in its single-source setting, on the bundled 8×8 digits: train on one plain domain, test on three unseen
 * style-shifted domains ({@link ShiftedDomains}: dimmed and brightened, contrast-stretched, dimmed and rotated by
 * 15°). A 64-32-10 MLP is trained through the Trainer by ERM (Adam), SAM ({@code sam(adam, rho=0.05)}) and UDIM
 * ({@link UdimStep}: the same SAM plus the inconsistency between the batch and its style-perturbed copy,
 * λ = 1, ρ_x = 0.5, the first fifth of the steps plain SAM), all from one initialisation per seed.
 *
 * <p>Claims (thresholds set before running): UDIM's mean unseen-domain accuracy exceeds SAM's by at least 1
 * point, control UDIM with ρ_x = 0 (no emulated domain: the same two passes and the gradient-norm part of the
 * penalty, nothing to be inconsistent with); SAM's exceeds ERM's by at least half a point, control ERM itself
 * (its gain over itself is 0). The spec's SAM sharpness toy is the separate experiment {@code sam-sharpness}.
 */
public final class UdimDomains implements Experiment {

    private static final int SOURCE = 400;
    private static final int PER_TEST = 300;
    private static final int EPOCHS = 30;
    private static final int BATCH = 100;
    private static final String LR = "3e-3";
    private static final double RADIUS = 0.5;
    private static final List<ShiftedDomains.Style> STYLES = List.of(ShiftedDomains.Style.plain("source"),
            new ShiftedDomains.Style("dim-bright", 0, 0.5, 0.3),
            new ShiftedDomains.Style("stretched", 0, 1.8, -0.4),
            new ShiftedDomains.Style("dim-rot15", 15, 0.7, 0.2));
    private static final List<String> WHO = List.of("erm", "sam", "udim", "udim_no_style");

    @Override
    public String id() {
        return "udim";
    }

    @Override
    public String paper() {
        return "Unknown Domain Inconsistency Minimization for Domain Generalization";
    }

    @Override
    public String reference() {
        return "S. Shin, H. Bae, B. Na, Y.-Y. Kim, I.-C. Moon, ICLR 2024";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2403.07329";
    }

    @Override
    public String claim() {
        return "On unseen style-shifted domains UDIM generalises at least as well as SAM, and SAM at least as well "
                + "as ERM.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("ResNet-18/50 from ImageNet weights on PACS, OfficeHome, CIFAR-10-C and others, "
                        + "leave-one-in and leave-one-out, Adam lr 3e-5, batch 16",
                "8x8 digits: 400 plain source images, three unseen domains of 300 images (contrast/brightness "
                        + "and rotation shifts), a 64-32-10 MLP, 30 epochs of batch 100 (120 steps), Adam lr 3e-3; "
                        + "full runs 20 seeds (about 2 minutes)",
                "the claim is about style shifts of per-image statistics, which UDIM's perturbation emulates; the "
                        + "shifts here are exactly such shifts (plus a small rotation) and the source is one domain");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("udim-over-sam", "UDIM's mean unseen-domain accuracy is at least 1 point above SAM's")
                        .test(s -> Criterion.atLeast(s + ".gain_over_sam", 0.01))
                        .subject("udim")
                        .control("udim_no_style", "UDIM with no style perturbation (ρ_x = 0): no unknown domain "
                                + "is emulated")
                        .build(),
                Claim.that("sam-over-erm", "SAM's mean unseen-domain accuracy is at least half a point above ERM's")
                        .test(s -> Criterion.atLeast(s + ".gain_over_erm", 0.005))
                        .subject("sam")
                        .control("erm", "ERM, whose gain over itself is 0")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        List<Dataset> domains = ShiftedDomains.of(Datasets.load("digits"), 8, 8, STYLES, SOURCE,
                t.random("domains"));
        Dataset source = domains.get(0);
        List<Dataset> unseen = List.of(testPart(domains.get(1)), testPart(domains.get(2)), testPart(domains.get(3)));
        long init = t.random("init").nextLong();
        double[] acc = new double[WHO.size()];
        for (int w = 0; w < WHO.size(); w++) {
            String who = WHO.get(w);
            Sequential model = Mlp.builder(64).hidden(32).outputs(10).build(RandomStream.of(init));
            Trainer.Builder b = LabTraining.trainer(t, who).model(model).loss(new CrossEntropyLoss())
                    .data(source, null).epochs(EPOCHS).batchSize(BATCH);
            if (who.equals("erm")) {
                b.optimizer("adam(lr=" + LR + ")");
            } else {
                b.optimizer("sam(adam(lr=" + LR + "), rho=0.05)");
            }
            if (who.startsWith("udim")) {
                long steps = (long) EPOCHS * ((SOURCE + BATCH - 1) / BATCH);
                b.step(new UdimStep(new UdimObjective(model).styleRadius(who.equals("udim") ? RADIUS : 0.0),
                        steps / 5));
            }
            Trainer trainer = b.build();
            try {
                trainer.fit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            double sum = 0.0;
            for (Dataset d : unseen) {
                double a = trainer.evaluate(d).accuracy();
                t.metric(who + "." + d.name().substring(d.name().indexOf('/') + 1) + "_accuracy", a);
                sum += a;
            }
            t.metric(who + ".source_accuracy", trainer.evaluate(source).accuracy());
            acc[w] = t.metric(who + ".unseen_accuracy", sum / unseen.size());
        }
        for (int w = 0; w < WHO.size(); w++) {
            t.metric(WHO.get(w) + ".gain_over_erm", acc[w] - acc[0]);
            t.metric(WHO.get(w) + ".gain_over_sam", acc[w] - acc[1]);
        }
    }

    /** The first {@code PER_TEST} images of an unseen domain. */
    private static Dataset testPart(Dataset d) {
        return d.range(0, PER_TEST);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Digits 8x8 scaled to [0, 1]; source: 400 plain images; unseen: 300 images each of "
                + "contrast 0.5 + brightness 0.3, contrast 1.8 − 0.4, and contrast 0.7 + 0.2 rotated 15°. "
                + "64-32-10 ReLU MLP, 30 epochs, batch 100, Adam lr 3e-3; SAM rho 0.05; UDIM λ = 1, ρ_s = 0.05, "
                + "ρ_x = 0.5, warm-up 24 steps.");
        StringBuilder sb = new StringBuilder("Median unseen-domain accuracy:");
        for (String who : WHO) {
            sb.append(String.format(" %s %.3f (source %.3f);", who, seeds.median(who + ".unseen_accuracy"),
                    seeds.median(who + ".source_accuracy")));
        }
        report.note(sb.toString());
        report.keyMetric("udim_gain_over_sam_median", seeds.median("udim.gain_over_sam"));
        report.keyMetric("sam_gain_over_erm_median", seeds.median("sam.gain_over_erm"));
    }
}
