package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.data.Standardizer;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrainerTest {

    /** The one accuracy test of the suite: an MLP learns the bundled digits in a few seconds. */
    @Test
    void anMlpReaches95PercentOnDigits() throws Exception {
        Split s = Datasets.load("digits").split(0.1, 0.2, 0);
        Standardizer z = Standardizer.fit(s.train());
        Module model = ModelSpec.parse("mlp(hidden=(64,))").build(new int[] {64}, 10, RandomStream.of(1).fork("init"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=3e-3)")
                .data(z.apply(s.train()), z.apply(s.validation())).epochs(15).batchSize(32).seed(1)
                .callbacks(new LearningRateLogger())
                .progress(new ProgressLines(new PrintStream(log, true, StandardCharsets.UTF_8))).build();
        TrainingHistory h = t.fit();
        Evaluation test = t.evaluate(z.apply(s.test()));
        assertThat(test.accuracy()).isGreaterThanOrEqualTo(0.95);
        assertThat(test.samples()).isEqualTo(s.test().size());
        assertThat(h.series("lr")).containsOnly(3e-3);
        assertThat(log.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(15);
        assertThat(h.last().trainLoss()).isLessThan(h.epochs().get(0).trainLoss());
    }

    @Test
    void earlyStoppingEndsTrainingAndIsRemembered(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TrainerResumeTest.data();
        Trainer t = TrainerResumeTest.trainer(30, dir, 0).callbacks(new EarlyStopping("val_loss", 1, 10.0, false))
                .build();
        TrainingHistory h = t.fit();
        assertThat(h.size()).isEqualTo(2);
        assertThat(t.stopReason()).contains("val_loss has not improved for 1 epochs");
        Trainer again = TrainerResumeTest.trainer(30, dir, 0).build();
        assertThat(again.resume().size()).as("a stopped run stays stopped").isEqualTo(2);
    }

    @Test
    void aDivergingRunStopsNamingTheStep() {
        Dataset d = Datasets.load("iris");
        Module model = ModelSpec.parse("mlp(hidden=(8,))").build(new int[] {4}, 3, RandomStream.of(0));
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=1e300)")
                .data(d, null).epochs(5).batchSize(50).build();
        assertThatThrownBy(t::fit).isInstanceOf(NonFiniteException.class).hasMessageMatching(
                "non-finite (loss|gradient) at step \\d+ \\(epoch \\d, batch \\d\\).*");
    }
}
