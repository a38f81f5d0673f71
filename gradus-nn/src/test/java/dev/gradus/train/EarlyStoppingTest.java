package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    private static TrainingHistory history(double... valLoss) {
        TrainingHistory h = new TrainingHistory();
        for (int i = 0; i < valLoss.length; i++) {
            h.add(new EpochMetrics(i + 1, 10L * (i + 1), 1.0, 0.5, valLoss[i], 1 - valLoss[i], i, Map.of()));
        }
        return h;
    }

    @Test
    void countsEpochsSinceTheBestByTheMinDeltaRule() {
        EarlyStopping es = new EarlyStopping("val_loss", 2, 0.05, false);
        assertThat(es.epochsSinceBest(history(1.0, 0.9, 0.88, 0.87))).isEqualTo(2); // 0.88, 0.87 within 0.05 of 0.9
        assertThat(es.epochsSinceBest(history(1.0, 0.9, 0.84))).isZero();
        assertThat(EarlyStopping.on("val_accuracy", 1).epochsSinceBest(history(1.0, 0.9))).isZero();
    }

    @Test
    void requestsAStopOnlyWhenPatienceRunsOut() {
        EarlyStopping es = EarlyStopping.on("val_loss", 2);
        FakeContext ctx = new FakeContext(history(1.0, 0.8, 0.9));
        es.onEpochEnd(ctx, ctx.history().last());
        assertThat(ctx.stopReason).isNull();
        ctx = new FakeContext(history(1.0, 0.8, 0.9, 0.85));
        es.onEpochEnd(ctx, ctx.history().last());
        assertThat(ctx.stopReason).contains("val_loss has not improved for 2 epochs").contains("at epoch 2");
    }

    @Test
    void refusesToMonitorAMissingValidationSplit() {
        FakeContext ctx = new FakeContext(history());
        ctx.validation = false;
        assertThatThrownBy(() -> EarlyStopping.on("val_loss", 3).onTrainBegin(ctx))
                .hasMessageContaining("no validation split");
        assertThatThrownBy(() -> EarlyStopping.on("val_loss", 0)).hasMessageContaining("patience");
    }

    private static final class FakeContext implements TrainingContext {
        final TrainingHistory history;
        boolean validation = true;
        String stopReason;

        FakeContext(TrainingHistory history) {
            this.history = history;
        }

        @Override
        public int epoch() {
            return history.size();
        }

        @Override
        public int epochs() {
            return 100;
        }

        @Override
        public long step() {
            return 0;
        }

        @Override
        public boolean hasValidation() {
            return validation;
        }

        @Override
        public TrainingHistory history() {
            return history;
        }

        @Override
        public dev.gradus.optim.GradientTransformation optimizer() {
            return null;
        }

        @Override
        public dev.gradus.optim.OptState optimizerState() {
            return null;
        }

        @Override
        public void requestStop(String reason) {
            stopReason = reason;
        }
    }
}
