package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OptimCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = GradusCommand.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void listShowsEveryOptimizerWithDefaultsAndReference() {
        assertThat(run("optim", "list")).isZero();
        String text = out.toString();
        assertThat(text).contains("Optimizers", "Building blocks", "Wrappers", "Schedules");
        assertThat(text).contains("  adamw: Adam with decoupled weight decay", "reference: Loshchilov & Hutter, ICLR 2019; "
                + "torch.optim.AdamW");
        assertThat(text).containsPattern("weight_decay +0\\.01 +number or schedule in \\[0, inf\\]");
        assertThat(text).containsPattern("betas +\\(0\\.9, 0\\.999\\)");
        assertThat(text).contains("  sgd:", "  rmsprop:", "  adagrad:", "  adam:", "  lookahead:", "  cosine:",
                "  slow_start_fast_decay:");
    }

    @Test
    void listAsJsonByKind() throws Exception {
        assertThat(run("optim", "list", "--kind", "SCHEDULE", "--json")).isZero();
        JsonNode arr = new ObjectMapper().readTree(out.toString());
        assertThat(arr).hasSize(12);
        assertThat(arr.get(0).get("name").asText()).isEqualTo("constant");
        assertThat(arr.findValuesAsText("kind")).containsOnly("schedule");
    }

    /** sgd(lr=0.1) on given gradients: the expected parameters are p - 0.1 g, computed by hand here. */
    private Path recording(double lastExpected) throws Exception {
        String json = """
                {"optimizer": "sgd(lr=0.1)", "reference": "by hand", "seed": 0,
                 "params": {"w": {"shape": [2], "data": [1.0, -2.0]}},
                 "steps": [ {"grads": {"w": [1.0, 0.5]}, "params": {"w": [0.9, -2.05]}},
                            {"grads": {"w": [-2.0, 0.0]}, "params": {"w": [1.1, %s]}} ]}
                """.formatted(lastExpected);
        Path f = tmp.resolve("rec.json");
        Files.writeString(f, json);
        return f;
    }

    @Test
    void replayWithinTolerancePrintsTheWorstDeviationAndExitsZero() throws Exception {
        Path f = recording(-2.05);
        Path result = tmp.resolve("out/result.json");
        assertThat(run("optim", "replay", "--input", f.toString(), "--output", result.toString())).isZero();
        assertThat(out.toString()).contains("replayed 2 steps of sgd(lr=0.1, momentum=0.0", "(reference: by hand)",
                "within rtol 1.0E-10 over 2 compared steps");
        JsonNode j = new ObjectMapper().readTree(result.toFile());
        assertThat(j.get("within_rtol").asBoolean()).isTrue();
        assertThat(j.get("final_params").get("w").get(0).asDouble()).isCloseTo(1.1, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void replayOutsideToleranceNamesStepParameterIndexAndExitsOne() throws Exception {
        Path f = recording(-2.0501);
        assertThat(run("optim", "replay", "--spec", "sgd(lr=0.1)", "--input", f.toString(), "--rtol", "1e-10")).isEqualTo(1);
        assertThat(out.toString()).containsPattern("worst relative deviation 4\\.87\\de-05 at step 1, w\\[1\\]")
                .contains("NOT within rtol");
        out.getBuffer().setLength(0);
        assertThat(run("optim", "replay", "--input", f.toString(), "--rtol", "1e-3")).isZero();
    }

    @Test
    void badSpecOrInputIsOneClearLine() throws Exception {
        Path f = recording(-2.05);
        assertThat(run("optim", "replay", "--spec", "sgd(lr=0.1, momentun=0.9)", "--input", f.toString())).isEqualTo(2);
        assertThat(err.toString()).startsWith("gradus: spec: unknown keyword 'momentun' for sgd (did you mean momentum?)");
        err.getBuffer().setLength(0);
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, "{\"params\": {\"w\": {\"shape\": [2], \"data\": [1.0]}}, \"steps\": []}");
        assertThat(run("optim", "replay", "--spec", "sgd()", "--input", broken.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("params.w: of: shape [2] holds 2 elements but data has 1");
    }
}
