package dev.gradus.rl.dred;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.rl.env.LevelGenerator;
import dev.gradus.rl.env.MazeLevel;
import dev.gradus.tensor.RandomStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DredTest {
    private static final LevelGenerator GEN = new LevelGenerator(5, 5, 0.3);

    @Test
    void theMixtureFitsTheLevelsAndGeneratesNewSolvableOnes() {
        MazeLevel[] train = GEN.sample(40, RandomStream.of(1));
        MazeLevel[] heldOut = GEN.sample(40, RandomStream.of(2));
        BernoulliMixture one = BernoulliMixture.fit(train, 1, 20, RandomStream.of(3));
        BernoulliMixture four = BernoulliMixture.fit(train, 4, 30, RandomStream.of(3));
        assertThat(four.logLikelihood(train)).isGreaterThan(one.logLikelihood(train));
        // Fitted to data from the generator, the model assigns held-out levels a likelihood near the training one's.
        assertThat(one.logLikelihood(heldOut)).isGreaterThan(one.logLikelihood(train) - 3.0);
        Set<MazeLevel> known = new HashSet<>(List.of(train));
        int fresh = 0;
        RandomStream r = RandomStream.of(4);
        for (int i = 0; i < 50; i++) {
            MazeLevel l = four.sample(r);
            assertThat(l.solvable()).isTrue();
            if (!known.contains(l)) {
                fresh++;
            }
        }
        assertThat(fresh).isGreaterThan(40);
    }

    @Test
    void plrPlaysEveryLevelOnceThenPrefersHighScores() {
        MazeLevel[] train = GEN.sample(5, RandomStream.of(5));
        LevelSampler plr = LevelSampler.plr(train, 0.1, 0.1);
        RandomStream r = RandomStream.of(6);
        Set<MazeLevel> first = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            MazeLevel l = plr.next(r);
            first.add(l);
            plr.update(l.equals(train[2]) ? 1.0 : 0.01);
        }
        assertThat(first).hasSize(5);
        int hits = 0;
        for (int i = 0; i < 200; i++) {
            MazeLevel l = plr.next(r);
            boolean top = l.equals(train[2]);
            hits += top ? 1 : 0;
            plr.update(top ? 1.0 : 0.01);
        }
        assertThat(hits).as("the top-scoring level is replayed most").isGreaterThan(120);
        LevelSampler dred = LevelSampler.dred(train, BernoulliMixture.fit(train, 2, 10, RandomStream.of(7)), 0.5, 3,
                0.1, 0.1);
        for (int i = 0; i < 40; i++) {
            dred.next(r);
            dred.update(r.uniform());
        }
        assertThat(dred.generated()).isEqualTo(3);
        assertThat(dred.levels()).hasSize(8);
    }

    @Test
    void levelReplayLearnsAndTransferIsMeasured() {
        MazeLevel[] train = GEN.sample(10, RandomStream.of(8));
        LevelReplay run = new LevelReplay(GEN, 20, LevelSampler.uniform(train), LevelReplay.Config.defaults(), 9);
        LevelReplay.Transfer before = LevelReplay.transfer(run.policy(), train, 20, true, 0);
        run.train(6_000);
        LevelReplay.Transfer after = LevelReplay.transfer(run.policy(), train, 20, true, 0);
        assertThat(run.envSteps()).isGreaterThanOrEqualTo(6_000);
        assertThat(after.successRate()).as("greedy success on the training levels (before: %s)", before.successRate())
                .isGreaterThan(before.successRate()).isGreaterThanOrEqualTo(0.5);
        LevelReplay.Transfer held = LevelReplay.transfer(run.policy(), GEN.sample(20, RandomStream.of(10)), 20, true, 0);
        assertThat(held.successRate()).isBetween(0.0, 1.0);
    }
}
