package dev.gradus.lab;

import java.util.List;

/**
 * An experiment for the runner's failure handling: its second seed crashes, and its summary records a metric and
 * then throws.
 */
final class Failing implements Experiment {
    @Override
    public String id() {
        return "always-fails";
    }

    @Override
    public String paper() {
        return "A broken experiment";
    }

    @Override
    public String reference() {
        return "test";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/0000.00000";
    }

    @Override
    public String claim() {
        return "Nothing: it throws.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 5);
    }

    @Override
    public ScaleDown scaleDown() {
        return ScaleDown.same("nothing");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("positive", "The subject's value is positive")
                .test(s -> Criterion.above(s + ".value", 0)).subject("a")
                .control("b", "b is negative by construction").build());
    }

    @Override
    public void trial(Trial t) {
        if (t.index() == 1) {
            throw new IllegalArgumentException("seed " + t.seed() + " broke");
        }
        t.metric("a.value", 1);
        t.metric("b.value", -1);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.metric("before_failure", 1.5);
        throw new IllegalStateException("diverged at step 7 <see log>");
    }
}
