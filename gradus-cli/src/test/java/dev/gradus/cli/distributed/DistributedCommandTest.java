package dev.gradus.cli.distributed;

import dev.gradus.cli.GradusCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class DistributedCommandTest {
    private static final String[] RUN = {"distributed", "train", "--data", "iris", "--model", "mlp(hidden=(8,))",
        "--workers", "4", "--compressor", "topk(density=0.3)", "--aggregator", "trimmed_mean(f=1)", "--attack",
        "sign_flip(f=1)", "--batch-size", "8", "--optimizer", "sgd(lr=0.1)", "--compute-time", "1,0.5"};

    private static String[] args(Path out, int epochs, String... more) {
        List<String> l = new ArrayList<>(List.of(RUN));
        l.addAll(List.of("--out", out.toString(), "--epochs", Integer.toString(epochs)));
        l.addAll(List.of(more));
        return l.toArray(new String[0]);
    }

    private static String gradus(String... args) {
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertThat(code).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void trainsReportsBytesAndResumesToTheSameWeightsOnAnyThreadCount(@TempDir Path straight, @TempDir Path pieces)
            throws Exception {
        String text = gradus(args(straight, 3, "--threads", "2"));
        assertThat(text).contains("4 workers (2 threads): ").contains("compression").contains("simulated")
                .contains("test");
        gradus(args(pieces, 2, "--threads", "1"));
        gradus(args(pieces, 3, "--threads", "3", "--resume"));
        assertThat(Files.readAllBytes(pieces.resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(straight.resolve("model.safetensors")));
    }

    @Test
    void aGradientCodeTrainsLikeTheUncodedRunInLessSimulatedTime(@TempDir Path coded, @TempDir Path plain) {
        String[] base = {"distributed", "train", "--data", "iris", "--model", "mlp(hidden=(8,))", "--workers", "4",
            "--batch-size", "8", "--epochs", "2", "--compute-time", "0.1,2"};
        List<String> a = new ArrayList<>(List.of(base));
        a.addAll(List.of("--gradient-code", "fractional_repetition:1", "--out", coded.toString()));
        String withCode = gradus(a.toArray(new String[0]));
        List<String> b = new ArrayList<>(List.of(base));
        b.addAll(List.of("--out", plain.toString()));
        String without = gradus(b.toArray(new String[0]));
        assertThat(simulated(withCode)).isLessThan(simulated(without));
        assertThat(testRow(withCode)).isEqualTo(testRow(without));
    }

    private static double simulated(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("simulated ([0-9.]+) s").matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static String testRow(String text) {
        return text.lines().filter(l -> l.startsWith("test")).findFirst().orElseThrow();
    }

    @Test
    void aResumeWithAnotherAggregatorIsRefused(@TempDir Path dir) {
        gradus(args(dir, 1));
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        List<String> l = new ArrayList<>(List.of(args(dir, 2, "--resume")));
        l.set(l.indexOf("trimmed_mean(f=1)"), "median");
        assertThat(cl.execute(l.toArray(new String[0]))).isNotZero();
        assertThat(err.toString()).contains("train_step");
    }
}
