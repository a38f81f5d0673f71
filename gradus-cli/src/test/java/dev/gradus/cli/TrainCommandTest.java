package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainCommandTest {

    /** Runs {@code gradus args...}; returns {exit code, stdout, stderr}. */
    static Object[] gradus(String... args) {
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    @Test
    void trainsWritesEveryResultAndResumes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("iris");
        Object[] r = gradus("train", "--data", "iris", "--model", "mlp(hidden=(8,))", "--optimizer", "adam(lr=1e-2)",
                "--epochs", "1", "--batch-size", "16", "--seed", "3", "--out", out.toString());
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        assertThat((String) r[1]).contains("epoch 1/1").contains("split").contains("test").contains("1 epochs");
        for (String f : List.of("metrics.csv", "summary.json", "curves.png", "model.safetensors",
                "checkpoint.safetensors")) {
            assertThat(out.resolve(f)).isRegularFile();
        }
        assertThat(Files.readAllBytes(out.resolve("curves.png"))).startsWith(0x89, 'P', 'N', 'G');

        Object[] again = gradus("train", "--data", "iris", "--model", "mlp(hidden=(8,))", "--optimizer",
                "adam(lr=1e-2)", "--epochs", "2", "--out", out.toString());
        assertThat(again[0]).isEqualTo(2);
        assertThat((String) again[2]).contains("already holds a checkpoint").contains("--resume");

        Object[] resumed = gradus("train", "--data", "iris", "--model", "mlp(hidden=(8,))", "--optimizer",
                "adam(lr=1e-2)", "--epochs", "3", "--batch-size", "16", "--seed", "3", "--out", out.toString(),
                "--resume");
        assertThat(resumed[0]).as(resumed[2].toString()).isEqualTo(0);
        assertThat(Files.readAllLines(out.resolve("metrics.csv"))).hasSize(4).first().asString()
                .startsWith("epoch,step,train_loss,train_accuracy,val_loss,val_accuracy,seconds,lr");
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("epochs").asInt()).isEqualTo(3);
        assertThat(s.get("steps").asInt()).isEqualTo(3 * 7); // 105 training samples in batches of 16
        assertThat(s.get("data").asText()).isEqualTo("iris");
        assertThat(s.get("optimizer").asText()).startsWith("adam(lr=0.01");
        assertThat(s.get("test").get("samples").asInt()).isEqualTo(30);
        assertThat(s.get("test").get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("validation").get("loss").asDouble()).isPositive();
        assertThat(s.get("seconds").asDouble()).isPositive();
    }

    @Test
    void trainsOnAUsersCsvFileWithANamedLabelColumn(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("x1,kind,x2\n");
        dev.gradus.tensor.RandomStream rng = dev.gradus.tensor.RandomStream.of(9);
        for (int i = 0; i < 60; i++) {
            int k = i % 2;
            csv.append(rng.normal(3 * k, 1)).append(',').append(k == 0 ? "cat" : "dog").append(',')
                    .append(rng.normal(-2 * k, 1)).append('\n');
        }
        Path file = dir.resolve("pets.data");
        Files.writeString(file, csv);
        Path out = dir.resolve("out");
        Object[] r = gradus("train", "--data", file.toString(), "--format", "csv", "--label-column", "kind", "--model",
                "logistic", "--optimizer", "adam(lr=0.1)", "--epochs", "5", "--batch-size", "8", "--out", out.toString());
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(s.get("features").asInt()).isEqualTo(2);
        assertThat(s.get("train").get("accuracy").asDouble()).isGreaterThan(0.8);

        Object[] noLabel = gradus("train", "--data", file.toString(), "--format", "csv", "--out",
                dir.resolve("x").toString());
        assertThat(noLabel[0]).isEqualTo(2);
        assertThat((String) noLabel[2]).contains("pets.data:2: column 2 (kind): 'cat' is not a number");
    }

    @Test
    void resumingWithOtherSettingsIsRefused(@TempDir Path dir) {
        Path out = dir.resolve("run");
        assertThat(gradus("train", "--data", "iris", "--model", "logistic", "--epochs", "1", "--out", out.toString())[0])
                .isEqualTo(0);
        Object[] r = gradus("train", "--data", "iris", "--model", "logistic", "--epochs", "2", "--batch-size", "8",
                "--out", out.toString(), "--resume");
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("belongs to a different run").contains("batch_size was '32'");
    }

    @Test
    void badInputGivesOneClearLine(@TempDir Path dir) {
        Object[] r = gradus("train", "--data", "iris", "--model", "mlp(hiden=(8,))", "--out", dir.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("unknown keyword 'hiden' for mlp (did you mean hidden?) at column 5").doesNotContain("Exception");

        r = gradus("train", "--data", "no-such-file.csv", "--out", dir.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("no such file: no-such-file.csv");

        r = gradus("train", "--data", "iris", "--optimizer", "adamm(lr=1)", "--out", dir.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("unknown optimizer or transform 'adamm'");
    }

    @Test
    void normalizedGdFromASpecTrainsOnThePerExampleLossesOfEachBatch(@TempDir Path dir) throws Exception {
        Object[] r = gradus("train", "--data", "iris", "--model", "logistic", "--optimizer", "normalized_gd(lr=1)",
                "--epochs", "5", "--seed", "1", "--out", dir.resolve("ngd").toString());
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        assertThat((String) r[2]).doesNotContain("Exception");
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("ngd/summary.json").toFile());
        assertThat(summary.toString()).contains("normalized_gd");
        assertThat(summary.get("test").get("accuracy").asDouble()).isGreaterThan(0.7);
    }
}
