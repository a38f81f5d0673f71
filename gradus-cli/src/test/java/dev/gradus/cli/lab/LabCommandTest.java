package dev.gradus.cli.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradus.lab.ExperimentRun;
import dev.gradus.lab.Preset;
import dev.gradus.cli.GradusCommand;
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
                .containsPattern("lr-perceptron +[A-Z_]+ +[0-9.]+ s  5 seeds \\(5 ran\\)")
                .contains("    table1-lr-gd: REPRODUCED - lr_gd: 5/5 seeds (5 needed); control normalized: 0/5 seeds")
                .contains("1 experiment (quick preset): 1 ")
                .contains("report: " + dir.resolve("index.html").toAbsolutePath());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("seed").asLong()).isEqualTo(3);
        assertThat(json.get("experiments").get(0).get("id").asText()).isEqualTo("lr-perceptron");
    }

    @Test
    void aTestOnlyExperimentOnTheClassPathIsListed() {
        Outcome o = gradus("lab", "list");
        assertThat(o.out()).contains("test-only-coin\n  paper: A test-only experiment (test) https://arxiv.org/abs/0000.00001")
                .contains("  seeds: 5 seeds (quick), 20 (full)").contains("  - fair: ");
    }

    @Test
    void optionsWorkBeforeAndAfterRunAndAreNeverIgnored(@TempDir Path dir) throws IOException {
        Outcome before = gradus("lab", "--seed", "4", "--seeds", "2", "--out", dir.toString(), "run", "test-only-coin");
        assertThat(before.status()).as(before.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("seed").asLong()).isEqualTo(4);
        assertThat(json.get("experiments").get(0).get("seeds").toString()).isEqualTo("[4,5]");
        assertThat(before.out()).contains("test-only-coin").contains("2 seeds (2 ran)")
                .contains("fair: REPRODUCED - coin: 2/2 seeds (2 needed); control loaded: 0/2 seeds (2 needed)");

        Outcome mixed = gradus("lab", "--seed", "4", "run", "test-only-coin", "--seed", "5", "--out", dir.toString());
        assertThat(mixed.status()).isEqualTo(2);
        assertThat(mixed.err()).contains("--seed is given twice with different values: 4 before 'run' and 5 after it");
        Outcome list = gradus("lab", "--seed", "4", "list");
        assertThat(list.status()).isEqualTo(2);
        assertThat(list.err()).contains("'lab list' runs nothing, so --seed does not apply");
    }

    @Test
    void badArgumentsAreOneClearLine(@TempDir Path dir) {
        Outcome unknown = gradus("lab", "run", "matrix-sensin", "--out", dir.toString());
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).startsWith("gradus: unknown experiment 'matrix-sensin'; known: ")
                .contains("matrix-sensing");
        Outcome preset = gradus("lab", "run", "lr-perceptron", "--preset", "huge");
        assertThat(preset.status()).isEqualTo(2);
        assertThat(preset.err()).contains("unknown preset 'huge': expected quick or full");
    }

    @Test
    void aFailedExperimentShowsItsErrorOnItsLine() {
        ExperimentRun failed = new ExperimentRun("broken", "p", "r", "", "c", Preset.QUICK, "deterministic: x", null,
                List.of(0L), Verdict.FAILED, List.of(), List.of(), "", List.of(), Map.of(), List.of(), List.of(),
                List.of(), List.of(), List.of(), 1.25, "IllegalStateException: diverged", "trace");
        assertThat(LabConsole.line(failed)).matches("broken +FAILED +1\\.3 s  IllegalStateException: diverged");
    }
}
