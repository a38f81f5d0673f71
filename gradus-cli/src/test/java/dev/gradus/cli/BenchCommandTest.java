package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void benchMlpReportsSamplesPerSecond() throws Exception {
        Object[] r = TrainCommandTest.gradus("bench", "mlp", "--hidden", "16,16", "--batch-size", "8", "--steps", "32",
                "--warmup", "0", "--json");
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertThat(j.get("model").asText()).isEqualTo("784-16-16-10");
        assertThat(j.get("parameters").asLong()).isEqualTo(784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10);
        assertThat(j.get("steps").asInt()).isEqualTo(32);
        assertThat(j.get("samples_per_second").asDouble()).isPositive();

        Object[] text = TrainCommandTest.gradus("bench", "mlp", "--hidden", "4", "--batch-size", "4", "--steps", "1",
                "--warmup", "0");
        assertThat((String) text[1]).contains("MLP 784-4-10").contains("samples/s");
    }

    @Test
    void benchOptimReportsTimeBandwidthAndTheTriadFraction() throws Exception {
        Object[] r = TrainCommandTest.gradus("bench", "optim", "--spec", "adam(lr=1e-3)", "--params", "100000",
                "--steps", "3", "--json");
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertThat(j.get("spec").asText()).startsWith("adam(lr=0.001");
        assertThat(j.get("params").asInt()).isEqualTo(100000);
        double ms = j.get("ms_per_step").asDouble();
        assertThat(j.get("gb_per_s").asDouble()).isCloseTo(56 * 100000 / (ms * 1e6),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.get("fraction_of_triad").asDouble())
                .isCloseTo(j.get("gb_per_s").asDouble() / j.get("stream_triad_gb_per_s").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-12));

        Object[] bad = TrainCommandTest.gradus("bench", "optim", "--spec", "nope()", "--params", "10");
        assertThat(bad[0]).isEqualTo(2);
        assertThat((String) bad[2]).contains("unknown optimizer or transform 'nope'");
    }
}
