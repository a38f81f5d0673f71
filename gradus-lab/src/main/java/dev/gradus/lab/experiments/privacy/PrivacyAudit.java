package dev.gradus.lab.experiments.privacy;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.privacy.Clipping;
import dev.gradus.privacy.GradSampleMode;
import dev.gradus.privacy.PrivateGradient;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.RdpAccountant;
import dev.gradus.privacy.audit.AuditResult;
import dev.gradus.privacy.audit.OneRunAudit;
import java.util.List;
import java.util.Map;

/**
 * The one-run audit (Steinke, Nasr &amp; Jagielski, NeurIPS 2023) of DP-SGD's privatised gradient: the lower bound of
 * an honest run stays below the accountant's ε, and runs that claim the same ε without being private are caught.
 */
public final class PrivacyAudit implements Experiment {
    static final double Q = 0.1;
    static final double SIGMA = 2.0;
    static final long STEPS = 100;
    static final int CANARIES = 1000;
    static final int GUESSES = 200;

    /** The experiment ServiceLoader creates. */
    public PrivacyAudit() {}

    @Override
    public String id() {
        return "privacy-audit";
    }

    @Override
    public String paper() {
        return "Privacy Auditing with One (1) Training Run";
    }

    @Override
    public String reference() {
        return "T. Steinke, M. Nasr, M. Jagielski, NeurIPS 2023";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2305.08846";
    }

    @Override
    public String claim() {
        return "One training run with m canaries gives a valid lower bound on epsilon: below the accountant's epsilon"
                + " for a correct implementation, above it for a broken one.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("DP-SGD on CIFAR-10 (WideResNet) with 1000 to 5000 canaries, white-box and black-box",
                "white-box audit of the privatised gradient with 1000 Dirac gradient canaries (norm 10, clipped to 1),"
                        + " q = 0.1, sigma = 2, 100 steps, 200 guesses, 95% confidence",
                "the white-box gradient-canary setting is where the paper's bound is tightest; the mechanism audited is"
                        + " the one DP-SGD training uses");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("valid-bound", "The audit's epsilon lower bound stays below the accountant's epsilon")
                .test(s -> Criterion.above(s + ".margin", 0))
                .subject("honest")
                .control("no_noise", "a run that claims the same epsilon but adds no noise: the audit must catch it")
                .build());
    }

    @Override
    public void trial(Trial t) {
        double claimed = RdpAccountant.opacus().epsilon(DpEvent.dpSgd(Q, SIGMA, STEPS), 1e-5).epsilon();
        PrivateGradient g = new PrivateGradient(1.0, SIGMA, Q * CANARIES, Clipping.FLAT, GradSampleMode.GHOST);
        Map<String, OneRunAudit.Mechanism> runs = Map.of("honest", OneRunAudit.honest(g), "no_noise",
                OneRunAudit.withoutNoise(g), "no_clipping", OneRunAudit.withoutClipping(g));
        for (String who : List.of("honest", "no_noise", "no_clipping")) {
            AuditResult r = OneRunAudit.run(runs.get(who), Q, STEPS, CANARIES, 10, GUESSES, 0.05, claimed,
                    t.random("audit").nextLong());
            t.metric(who + ".epsilon_lower_bound", r.epsilonLowerBound());
            t.metric(who + ".margin", claimed - r.epsilonLowerBound());
            t.metric(who + ".correct", r.correct());
        }
        t.metric("claimed_epsilon", claimed);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Each of 1000 canaries is included with probability 1/2; one run of 100 DP-SGD steps at q = 0.1,"
                + " sigma = 2, C = 1 (accountant: epsilon " + String.format(java.util.Locale.ROOT, "%.3f",
                seeds.median("claimed_epsilon")) + " at delta 1e-5); the 100 highest summed released coordinates are"
                + " guessed in, the 100 lowest out; the bound inverts the Binomial(r, e^eps/(1+e^eps)) tail at 95%"
                + " (delta = 0 form). The broken runs claim the same epsilon: one adds no noise, one does not clip.");
        report.keyMetric("honest_lower_bound", seeds.median("honest.epsilon_lower_bound"));
        report.keyMetric("no_noise_lower_bound", seeds.median("no_noise.epsilon_lower_bound"));
        report.keyMetric("no_clipping_lower_bound", seeds.median("no_clipping.epsilon_lower_bound"));
        report.keyMetric("claimed_epsilon", seeds.median("claimed_epsilon"));
    }
}
