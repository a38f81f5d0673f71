package dev.gradus.cli.lab;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.tensor.RandomStream;
import java.util.List;

/**
 * A test-only experiment, registered from this module's test resources, to show that {@code gradus lab list} and
 * {@code gradus lab run} see what a module on the class path adds: a fair coin's frequency of heads is near 1/2,
 * and a loaded coin's, the control, is not.
 */
public final class TestOnlyCoin implements Experiment {
    @Override
    public String id() {
        return "test-only-coin";
    }

    @Override
    public String paper() {
        return "A test-only experiment";
    }

    @Override
    public String reference() {
        return "test";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/0000.00001";
    }

    @Override
    public String claim() {
        return "A fair coin comes up heads about half the time.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return ScaleDown.same("2000 flips per coin and seed");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("fair", "The frequency of heads is within 0.05 of 1/2")
                .test(s -> Criterion.between(s + ".heads", 0.45, 0.55))
                .subject("coin").control("loaded", "a coin with P(heads) = 0.7").build());
    }

    @Override
    public void trial(Trial t) {
        for (String coin : List.of("coin", "loaded")) {
            double p = coin.equals("coin") ? 0.5 : 0.7;
            RandomStream r = t.random(coin);
            int heads = 0;
            for (int i = 0; i < 2000; i++) {
                heads += r.bernoulli(p) ? 1 : 0;
            }
            t.metric(coin + ".heads", heads / 2000.0);
        }
    }
}
