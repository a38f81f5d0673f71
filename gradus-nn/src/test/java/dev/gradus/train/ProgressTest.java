package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
    private final EpochMetrics m = new EpochMetrics(3, 30, 0.12345, 0.9612, 0.2, 0.95, 4.56, Map.of("lr", 1e-3));

    @Test
    void plainLinesPrintOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new ProgressLines(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.epochBegin(3, 10, 0, 10);
        p.batchEnd(5, 0.1, 0.9);
        p.epochEnd(m, 10);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "epoch  3/10  step 30  loss 0.1235  acc 96.12%  val_loss 0.2000  val_acc 95.00%  lr 0.001000  4.6s\n");
    }

    @Test
    void theBarRedrawsInPlaceAndLeavesOneLinePerEpoch() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        p.epochBegin(3, 10, 0, 4);
        p.batchEnd(1, 0.5, 0.5);
        p.batchEnd(4, 0.25, 0.75);
        p.epochEnd(m, 10);
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertThat(s).startsWith("\repoch 3/10 [=======>").contains("] 1/4  loss 0.5000  acc 50.00%")
                .contains("\repoch 3/10 [==============================] 4/4  loss 0.2500")
                .endsWith("4.6s\n");
        assertThat(s.chars().filter(c -> c == '\n').count()).isEqualTo(1);
    }
}
