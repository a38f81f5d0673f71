package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.Preset;
import dev.gradus.lab.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LabCommandTest {
    private record Outcome(int status, String out, String err) {}

    private static Outcome gradus(String... args) {
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Outcome(status, out.toString(), err.toString());
    }

    @Test
    void listShowsEveryExperimentWithPaperAndClaim() {
        Outcome o = gradus("lab", "list");
        assertThat(o.status()).isZero();
        assertThat(o.out()).contains("matrix-sensing\n  paper: How Over-Parameterization")
                .contains("lr-perceptron\n  paper: From Logistic Regression").contains("  claim: ");
    }

    @Test
    void runWritesTheReportAndPrintsOneLinePerExperiment(@TempDir Path dir) throws IOException {
        Outcome o = gradus("lab", "run", "lr-perceptron", "--preset", "QUICK", "--seed", "3", "--out", dir.toString());
        assertThat(o.status()).as(o.err()).isZero();
        assertThat(o.out()).contains("[1/1] lr-perceptron ...")
                .containsPattern("lr-perceptron +REPRODUCED +[0-9.]+ s  lr_gd_iterations_gamma_100=308")
                .contains("1 experiment (quick preset): 1 reproduced in ")
                .contains("report: " + dir.resolve("index.html").toAbsolutePath());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("seed").asLong()).isEqualTo(3);
        assertThat(json.get("experiments").get(0).get("id").asText()).isEqualTo("lr-perceptron");
    }

    @Test
    void badArgumentsAreOneClearLine(@TempDir Path dir) {
        Outcome unknown = gradus("lab", "run", "matrix-sensin", "--out", dir.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("gradus: unknown experiment 'matrix-sensin'; known: matrix-sensing");
        Outcome preset = gradus("lab", "run", "lr-perceptron", "--preset", "huge");
        assertThat(preset.status()).isEqualTo(2);
        assertThat(preset.err()).contains("unknown preset 'huge': expected quick or full");
    }

    @Test
    void aFailedExperimentShowsItsErrorOnItsLine() {
        ExperimentRun failed = new ExperimentRun("broken", "p", "r", "c", Preset.QUICK, 0, Verdict.FAILED, "",
                List.of(), Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 1.25,
                "IllegalStateException: diverged", "trace");
        assertThat(LabConsole.line(failed)).matches("broken +FAILED +1\\.3 s  IllegalStateException: diverged");
    }
}
