package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingHistoryTest {

    @Test
    void writesCsvWithExtraColumnsAndEmptyCellsForMissingMetrics() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochMetrics(1, 5, 0.5, 0.75, Double.NaN, Double.NaN, 1.25, Map.of("lr", 0.1)));
        h.add(new EpochMetrics(2, 10, 0.25, 0.875, Double.NaN, Double.NaN, 2.5, Map.of("lr", 0.05)));
        StringWriter w = new StringWriter();
        h.writeCsv(w);
        assertThat(w.toString()).isEqualTo("""
                epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,seconds,lr
                1,5,0.5,0.75,,,1.25,0.1
                2,10,0.25,0.875,,,2.5,0.05
                """);
        assertThat(h.series("lr")).containsExactly(0.1, 0.05);
    }

    @Test
    void rejectsEpochsOutOfOrderAndUnknownMetrics() {
        TrainingHistory h = new TrainingHistory();
        h.add(new EpochMetrics(1, 5, 0.5, 0.75, 0.5, 0.5, 1, Map.of()));
        assertThatThrownBy(() -> h.add(new EpochMetrics(3, 5, 0.5, 0.75, 0.5, 0.5, 1, Map.of())))
                .hasMessageContaining("epoch 3 does not follow epoch 1");
        assertThatThrownBy(() -> h.series("val_los")).hasMessageContaining("no metric named 'val_los'");
    }
}
