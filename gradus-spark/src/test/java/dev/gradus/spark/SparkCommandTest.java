package dev.gradus.spark;

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

/**
 * {@code gradus train --engine spark --master local[2]} and {@code gradus distributed train --engine spark}, resolved
 * through the ServiceLoader as the launcher runs them, write the weights of the local engine byte for byte.
 */
class SparkCommandTest {
    private static final List<String> TRAIN = List.of("train", "--data", "iris", "--model", "mlp(hidden=(8,))",
            "--batch-size", "16", "--epochs", "2", "--optimizer", "adam(lr=1e-2)");
    private static final List<String> DISTRIBUTED = List.of("distributed", "train", "--data", "iris", "--model",
            "mlp(hidden=(8,))", "--workers", "4", "--compressor", "topk(density=0.3)", "--aggregator",
            "trimmed_mean(f=1)", "--attack", "sign_flip(f=1)", "--batch-size", "8", "--epochs", "2");
    private static final List<String> SPARK = List.of("--engine", "spark", "--master", "local[2]");

    private static Result gradus(List<String> base, Path out, List<String> more) {
        List<String> args = new ArrayList<>(base);
        args.addAll(more);
        args.addAll(List.of("--out", out.toString()));
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args.toArray(new String[0]));
        return new Result(code, o.toString(), e.toString());
    }

    private record Result(int code, String out, String err) {}

    private static byte[] weights(Path dir) throws Exception {
        return Files.readAllBytes(dir.resolve("model.safetensors"));
    }

    @Test
    void gradusTrainOnSparkWritesTheLocalEnginesWeights(@TempDir Path local, @TempDir Path spark,
            @TempDir Path plain, @TempDir Path one) throws Exception {
        Result l = gradus(TRAIN, local, List.of("--workers", "2"));
        assertThat(l.code()).as(l.err()).isZero();
        Result s = gradus(TRAIN, spark, concat(List.of("--workers", "2"), SPARK));
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("2 workers on spark local[2]");
        assertThat(weights(spark)).isEqualTo(weights(local));
        // One worker on Spark is the plain gradus train step.
        Result p = gradus(TRAIN, plain, List.of());
        assertThat(p.code()).as(p.err()).isZero();
        Result o = gradus(TRAIN, one, SPARK);
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(weights(one)).isEqualTo(weights(plain));
        assertThat(weights(one)).isNotEqualTo(weights(local));
    }

    @Test
    void gradusDistributedTrainOnSparkWritesTheLocalEnginesWeights(@TempDir Path local, @TempDir Path spark)
            throws Exception {
        Result l = gradus(DISTRIBUTED, local, List.of("--threads", "2"));
        assertThat(l.code()).as(l.err()).isZero();
        Result s = gradus(DISTRIBUTED, spark, SPARK);
        assertThat(s.code()).as(s.err()).isZero();
        assertThat(s.out()).contains("4 workers (spark local[2])");
        assertThat(weights(spark)).isEqualTo(weights(local));
    }

    @Test
    void anUnknownEngineOrAMissingMasterIsNamed(@TempDir Path out) {
        Result unknown = gradus(TRAIN, out, List.of("--engine", "flink", "--master", "x"));
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("no engine 'flink'").contains("spark");
        Result noMaster = gradus(TRAIN, out, List.of("--engine", "spark"));
        assertThat(noMaster.code()).isNotZero();
        assertThat(noMaster.err()).contains("--engine spark needs --master");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
