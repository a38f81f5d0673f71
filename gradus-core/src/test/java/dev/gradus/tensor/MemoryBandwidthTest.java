package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MemoryBandwidthTest {
    @Test
    void triadComputesBPlusSTimesC() {
        double[] a = new double[3];
        MemoryBandwidth.triad(a, new double[] {1, 2, 3}, new double[] {10, 20, 30}, 0.5);
        assertThat(a).containsExactly(6, 12, 18);
        assertThatThrownBy(() -> MemoryBandwidth.triad(new double[3], new double[2], new double[3], 1))
                .hasMessage("triad: a has 3 elements but b has 2 and c has 3");
    }

    @Test
    void streamTriadReturnsAPositiveFiniteRate() {
        double gbs = MemoryBandwidth.streamTriadGBs(1000, 3);
        assertThat(gbs).isPositive().isFinite();
        assertThat(MemoryBandwidth.streamTriadGBs(1001, 3, 3)).as("three threads, 1001 elements").isPositive().isFinite();
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> MemoryBandwidth.streamTriadGBs(0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("streamTriadGBs: n and reps must be at least 1, got n=0, reps=3");
        assertThatThrownBy(() -> MemoryBandwidth.streamTriadGBs(10, 0))
                .hasMessage("streamTriadGBs: n and reps must be at least 1, got n=10, reps=0");
        assertThatThrownBy(() -> MemoryBandwidth.streamTriadGBs(10, 3, 0))
                .hasMessage("streamTriadGBs: threads must be at least 1, got 0");
        assertThatThrownBy(() -> MemoryBandwidth.streamTriadGBs(0, 3, 2))
                .hasMessage("streamTriadGBs: n and reps must be at least 1, got n=0, reps=3");
    }
}
