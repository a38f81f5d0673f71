package dev.gradus.lab.experiments.distributed;

import dev.gradus.distributed.Attack;
import dev.gradus.distributed.gossip.Monna;
import dev.gradus.distributed.gossip.Quadratics;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.plot.BarPlot;
import java.util.List;

/**
 * MoNNA (Farhadkhani et al., ICML 2023): peer-to-peer training where every honest node takes a local Polyak-momentum
 * step and then averages only the {@code n - f} received models nearest its own (NNA) survives Byzantine nodes that
 * break plain averaging, and its momentum helps against in-distribution attacks such as ALIE.
 *
 * <p>Setup ({@link Monna}): 10 nodes, the last 2 Byzantine and omniscient; heterogeneous quadratics
 * {@code f_i = 1/2 ||x - c_i||^2} in {@code d = 20} with centres {@code N(0, I)}; gradient noise of standard deviation
 * 2; step {@code 0.2 / (1 + t/100)}; 1000 steps; each honest node receives its own vector, 5 random other honest ones
 * and the 2 Byzantine ones. Metric: the honest nodes' mean relative distance to the honest optimum. Subjects: MoNNA
 * ({@code beta = 0.9}), NNA without momentum, and D-SGD averaging of the received vectors ({@code beta = 0.9}).
 * Attacks: sign flip ({@code -mean}), "fall of empires" ({@code -100 mean}, an inner-product manipulation with a
 * large scale), ALIE with {@code z = 1.5}. A diverged run records {@code Double.MAX_VALUE}.
 */
public final class MonnaByzantine implements Experiment {
    private static final int N = 10;
    private static final int F = 2;
    private static final int D = 20;
    private static final String[][] ATTACKS = {{"sign_flip", "sign_flip(f=2)"}, {"foe", "ipm(f=2, eps=100)"},
        {"alie", "alie(f=2, z=1.5)"}, {"none", null}};
    private static final String[] WHO = {"monna", "nna", "dsgd"};

    @Override
    public String id() {
        return "monna-byzantine";
    }

    @Override
    public String paper() {
        return "Robust Collaborative Learning with Linear Gradient Overhead";
    }

    @Override
    public String reference() {
        return "S. Farhadkhani, R. Guerraoui, N. Gupta, L.-N. Hoang, R. Pinot, J. Stephan, ICML 2023";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2209.10931";
    }

    @Override
    public String claim() {
        return "Momentum with nearest-neighbour averaging tolerates Byzantine peers that break averaging, and its "
                + "momentum helps against in-distribution attacks.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("MNIST and CIFAR-10, 26 workers with 5 Byzantine, Dirichlet heterogeneity, 600 steps",
                "10 nodes with 2 Byzantine on heterogeneous quadratics in d = 20 with gradient noise, 1000 steps",
                "the claims are about the aggregation rule under heterogeneity and noise, which the quadratics keep;"
                        + " the full preset only adds seeds");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("sign-flip", "Under sign flipping the honest models end within 30% of the optimum")
                        .test(s -> Criterion.atMost(s + ".err_sign_flip", 0.3))
                        .subject("monna")
                        .control("dsgd", "plain averaging lets the flipped vectors pull every model away")
                        .build(),
                Claim.that("fall-of-empires", "Under a large scaled inner-product attack the models end within 30%")
                        .test(s -> Criterion.atMost(s + ".err_foe", 0.3))
                        .subject("monna")
                        .control("dsgd", "averaging a vector of -100 times the honest mean diverges")
                        .build(),
                Claim.that("momentum-alie", "Against ALIE, momentum lowers NNA's error by at least 10%")
                        .test(s -> Criterion.atMost(s + ".alie_vs_nna", 0.9))
                        .subject("monna")
                        .control("nna", "NNA without momentum is the reference, ratio 1")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        Quadratics q = Quadratics.of(N, D, 1.0, t.random("problem"));
        double[] optimum = q.optimum(N - F);
        double[] alie = new double[WHO.length];
        for (int w = 0; w < WHO.length; w++) {
            String who = WHO[w];
            for (String[] attack : ATTACKS) {
                Monna m = new Monna(q, F, who.equals("nna") ? 0.0 : 0.9, 0.2, 100, 2.0, who.equals("dsgd"));
                Attack a = attack[1] == null ? null : Attack.ATTACKS.parse(attack[1]);
                double e = Monna.relativeError(m.run(new double[D], 1000, a, t.random(who + " " + attack[0])), optimum);
                double v = t.metric(who + ".err_" + attack[0], Double.isFinite(e) ? e : Double.MAX_VALUE);
                if (attack[0].equals("alie")) {
                    alie[w] = v;
                }
            }
        }
        for (int w = 0; w < WHO.length; w++) {
            t.metric(WHO[w] + ".alie_vs_nna", alie[w] / alie[1]);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("10 peers, 2 Byzantine and omniscient, heterogeneous quadratics in d = 20, gradient noise 2,"
                + " step 0.2/(1 + t/100), 1000 steps; honest nodes see 8 vectors and NNA keeps the 6 nearest.");
        BarPlot p = BarPlot.titled("median relative error of the honest models (capped at 2)").yLabel("error")
                .categories("sign flip", "FoE", "ALIE", "none");
        for (String who : WHO) {
            double[] v = new double[ATTACKS.length];
            for (int a = 0; a < ATTACKS.length; a++) {
                v[a] = Math.min(2.0, seeds.median(who + ".err_" + ATTACKS[a][0]));
            }
            p.group(who, v);
        }
        report.plot("errors", p);
        report.keyMetric("monna_alie_error", seeds.median("monna.err_alie"));
        report.keyMetric("nna_alie_error", seeds.median("nna.err_alie"));
    }
}
