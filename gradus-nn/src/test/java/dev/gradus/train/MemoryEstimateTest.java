package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryEstimateTest {
    @Test
    void partsFollowTheDocumentedCounts() {
        MemoryEstimate e = MemoryEstimate.of(1000, 100, 50, 32);
        assertThat(e.dataBytes()).isEqualTo(2 * 8 * 1000);
        assertThat(e.modelBytes()).isEqualTo(8 * 100);
        assertThat(e.optimizerBytes()).isEqualTo(3 * 8 * 100);
        assertThat(e.activationBytes()).isEqualTo(3 * 8 * 50 * 256);
        assertThat(e.total()).isEqualTo(16000 + 800 + 2400 + 307200);
    }

    @Test
    void aMillionWayOutputLayerIsRefusedWithTheNumbersAndTheHeapHint() {
        // mlp(hidden=(128,)) on 1M samples of 2 features with one class per sample
        MemoryEstimate e = MemoryEstimate.of(3_000_000L * 1000, 128L * 1_000_000_000L, 1_000_000_000L, 32);
        assertThatThrownBy(() -> e.requireFits("big.csv with mlp")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not enough memory for big.csv with mlp: it needs about")
                .hasMessageContaining("model 954 GB").hasMessageContaining("-Xmx");
        assertThatCode(() -> MemoryEstimate.of(1000, 100, 50, 32).requireFits("iris")).doesNotThrowAnyException();
    }

    @Test
    void overflowSaturates() {
        MemoryEstimate e = MemoryEstimate.of(Long.MAX_VALUE / 4, Long.MAX_VALUE / 2, 1, 1);
        assertThat(e.total()).isEqualTo(Long.MAX_VALUE);
        assertThat(MemoryEstimate.size(Long.MAX_VALUE)).isEqualTo("more than 8 EB");
        assertThat(MemoryEstimate.size(1536)).isEqualTo("1.50 KB");
    }
}
