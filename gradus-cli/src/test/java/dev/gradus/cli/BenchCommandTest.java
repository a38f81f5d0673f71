package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.tensor.Blas;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    @Test
    void benchMlpTimesTheDefaultMnistSizedNetwork() throws Exception {
        Object[] r = TrainCommandTest.gradus("bench", "mlp", "--hidden", "16,16", "--batch-size", "8", "--steps", "32",
                "--warmup", "0", "--json");
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertThat(j.get("model").asText()).isEqualTo("784-16-16-10");
        assertThat(j.get("parameters").asLong()).isEqualTo(784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10);
        assertThat(j.get("loss").asText()).isEqualTo("cross_entropy");
        assertThat(j.get("optimizer").asText()).startsWith("adam(lr=0.001");
        assertThat(j.get("steps").asInt()).isEqualTo(32);
        assertThat(j.get("warmup_steps").asInt()).isZero();
        assertThat(j.get("mean_loss").asDouble()).as("cross-entropy of 10 classes starts near log 10")
                .isBetween(1.0, 4.0);

        Object[] text = TrainCommandTest.gradus("bench", "mlp", "--hidden", "4", "--batch-size", "4", "--steps", "1",
                "--warmup", "0");
        assertThat((String) text[1]).contains("MLP 784-4-10 (3,190 parameters), relu, cross_entropy, adam(lr=0.001")
                .contains("us/step").contains("samples/s").contains("BLAS " + Blas.provider() + "; ")
                .contains(" processors");
    }

    @Test
    void benchMlpTimesAnyMlpAndReportsTheBackendAndThreads() throws Exception {
        Object[] r = TrainCommandTest.gradus("bench", "mlp", "--inputs", "2", "--hidden", "16,16", "--outputs", "1",
                "--activation", "tanh", "--loss", "mse", "--optimizer", "sgd(lr=0.01)", "--batch-size", "32",
                "--steps", "50", "--warmup", "5", "--json");
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertThat(j.get("model").asText()).isEqualTo("2-16-16-1");
        assertThat(j.get("spec").asText()).startsWith("mlp(hidden=(16, 16), activation=").contains("tanh");
        assertThat(j.get("parameters").asLong()).isEqualTo(2 * 16 + 16 + 16 * 16 + 16 + 16 + 1);
        assertThat(j.get("optimizer").asText()).startsWith("sgd(lr=0.01");
        assertThat(j.get("warmup_steps").asInt()).isEqualTo(5);
        double us = j.get("us_per_step").asDouble();
        assertThat(us).isPositive();
        assertThat(j.get("samples_per_second").asDouble()).isCloseTo(32 * 1e6 / us, Offset.offset(1e-6 * 32e6 / us));
        assertThat(j.get("seconds").asDouble()).isCloseTo(50 * us / 1e6, Offset.offset(1e-9));
        assertThat(j.get("blas_backend").asText()).isEqualTo(Blas.backend().id());
        assertThat(j.get("blas").asText()).isEqualTo(Blas.provider());
        assertThat(j.get("blas_reason").asText()).isEqualTo(Blas.reason());
        assertThat(j.get("blas_threads").asInt()).isEqualTo(Blas.threads());
        assertThat(j.get("available_processors").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());

        Object[] bce = TrainCommandTest.gradus("bench", "mlp", "--inputs", "3", "--hidden", "5", "--outputs", "2",
                "--loss", "bce", "--optimizer", "adamw(lr=1e-3)", "--batch-size", "4", "--steps", "3", "--warmup", "0",
                "--json");
        assertThat(bce[0]).as(bce[2].toString()).isEqualTo(0);
        assertThat(new ObjectMapper().readTree((String) bce[1]).get("mean_loss").asDouble()).isBetween(0.3, 1.5);
    }

    @Test
    void benchMlpNamesBadFlags() {
        Object[] loss = TrainCommandTest.gradus("bench", "mlp", "--loss", "huber", "--steps", "1");
        assertThat(loss[0]).isEqualTo(2);
        assertThat((String) loss[2]).isEqualTo("gradus: bench mlp: unknown --loss 'huber'; expected cross_entropy, mse"
                + " or bce" + System.lineSeparator());
        Object[] act = TrainCommandTest.gradus("bench", "mlp", "--activation", "swish", "--steps", "1");
        assertThat(act[0]).isEqualTo(2);
        assertThat((String) act[2]).contains("unknown activation 'swish'");
        Object[] width = TrainCommandTest.gradus("bench", "mlp", "--hidden", "8,0", "--steps", "1");
        assertThat(width[0]).isEqualTo(2);
        assertThat((String) width[2]).contains("--hidden widths must be positive, got 0");
        Object[] sam = TrainCommandTest.gradus("bench", "mlp", "--optimizer", "sam(base=sgd(lr=0.1))", "--steps", "1");
        assertThat(sam[0]).isEqualTo(2);
        assertThat((String) sam[2]).contains("but gradus bench mlp offers only the gradient");
    }

    @Test
    void versionNamesTheBlasBackendAndWhy() {
        Object[] r = TrainCommandTest.gradus("--version");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) r[1]).contains("BLAS " + Blas.provider() + "; " + Blas.threads())
                .contains("  why: " + Blas.reason());
    }

    @Test
    void benchOptimReportsTimeBandwidthAndTheTriadFraction() throws Exception {
        Object[] r = TrainCommandTest.gradus("bench", "optim", "--spec", "adam(lr=1e-3)", "--params", "100000",
                "--steps", "3", "--threads", "2", "--json");
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertThat(j.get("spec").asText()).startsWith("adam(lr=0.001");
        assertThat(j.get("params").asInt()).isEqualTo(100000);
        double ms = j.get("ms_per_step").asDouble();
        assertThat(j.get("gb_per_s").asDouble()).isCloseTo(56 * 100000 / (ms * 1e6),
                org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.get("threads").asInt()).isEqualTo(2);
        // The denominator is the triad's real traffic: STREAM's 24 bytes per element plus the write-allocate 8.
        assertThat(j.get("stream_triad_traffic_gb_per_s").asDouble())
                .isCloseTo(j.get("stream_triad_gb_per_s").asDouble() * 32 / 24, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(j.get("fraction_of_triad_traffic").asDouble())
                .isCloseTo(j.get("gb_per_s").asDouble() / j.get("stream_triad_traffic_gb_per_s").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-12));

        Object[] bad = TrainCommandTest.gradus("bench", "optim", "--spec", "nope()", "--params", "10");
        assertThat(bad[0]).isEqualTo(2);
        assertThat((String) bad[2]).contains("unknown optimizer or transform 'nope'");
        assertThat(j.get("state_bytes").asLong()).as("Adam: two moments").isEqualTo(16L * 100000);
    }

    @Test
    void benchOptimTakesShapesAndReportsTheStateBytes() throws Exception {
        Object[] r = TrainCommandTest.gradus("bench", "optim", "--spec", "frugal(scale_by_adam(), density=0.25)",
                "--shape", "64,32", "--shape", "10", "--steps", "2", "--threads", "1", "--json");
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        JsonNode j = new ObjectMapper().readTree((String) r[1]);
        assertThat(j.get("params").asInt()).isEqualTo(64 * 32 + 10);
        assertThat(j.get("shapes").toString()).isEqualTo("[[64,32],[10]]");
        // The 64x32 matrix keeps Adam's two moments for its 8 projected columns, the vector for all 10 entries.
        assertThat(j.get("state_bytes").asLong()).isEqualTo(16L * (64 * 8 + 10) + 8L * 32 * 8);

        Object[] text = TrainCommandTest.gradus("bench", "optim", "--spec", "sgd(lr=0.1, momentum=0.9)",
                "--shape", "100,10", "--steps", "2", "--threads", "1");
        assertThat(r[0]).isEqualTo(0);
        assertThat((String) text[1]).contains("over 1,000 parameters (100x10)")
                .contains("optimizer state: 8,000 bytes (8.00 B/param)");

        Object[] both = TrainCommandTest.gradus("bench", "optim", "--params", "10", "--shape", "2,2");
        assertThat(both[0]).isEqualTo(2);
        assertThat((String) both[2]).contains("give either --params or --shape, not both");
        Object[] zero = TrainCommandTest.gradus("bench", "optim", "--shape", "3,0");
        assertThat(zero[0]).isEqualTo(2);
        assertThat((String) zero[2]).contains("--shape 3,0: dimension 2 ('0') must be a positive integer");
    }
}
