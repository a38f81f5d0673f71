package dev.gradus.bench.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The packaged benchmark jar, through {@code ./gradus bench jmh} without JAVA_HOME, and on a too-old JVM. */
class BenchmarkJarIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = Path.of("target", "gradus-benchmarks.jar").toAbsolutePath();

    record Run(int code, String out, String err) {}

    private static Run run(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().remove("JAVA_HOME");
        // JMH refuses to start while another JMH run holds its lock; this run measures nothing, so it may share.
        pb.environment().put("GRADUS_JAVA_OPTS", "-Djmh.ignoreLock=true");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Run gradus(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve("gradus").toString(), "bench", "jmh"));
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    @Test
    void theLauncherListsAndRunsBenchmarksWithoutJvmNoise() throws Exception {
        Run list = gradus("-l");
        assertThat(list.err()).isEmpty();
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("dev.gradus.bench.DgemmBenchmark.multiply", "dev.gradus.bench.MlpStepBenchmark.step");

        // One short fork: its JVM prints the incubator note, which must not reach the output.
        Run step = gradus("MlpStep", "-f", "1", "-wi", "0", "-i", "1", "-r", "200ms");
        assertThat(step.err()).isEmpty();
        assertThat(step.code()).isZero();
        assertThat(step.out()).contains("MlpStepBenchmark.step").contains("us/op")
                .doesNotContain(IncubatorNoteFilter.NOTE).doesNotContain("sun.misc.Unsafe");
    }

    @Test
    void aJvmOlderThan21IsRefusedInOneLine() throws Exception {
        Optional<Path> old = oldJava();
        assumeTrue(old.isPresent(), "skipped: no JDK older than 21 under /usr/lib/jvm");
        Run r = run(List.of(old.get().toString(), "-jar", JAR.toString(), "-l"));
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).matches("gradus-benchmarks: needs Java 21 or newer, but \\S+ is Java [0-9.]+; run ./gradus"
                + " bench jmh \\[options\\], which finds a JDK 21\\+\\R");
    }

    /** A java binary of a release older than 21 (Debian's default JDK 17 on this project's machines). */
    private static Optional<Path> oldJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(d -> d.getFileName().toString().matches(".*\\b(1[1-9]|8)\\b.*"))
                    .map(d -> d.resolve("bin/java")).filter(Files::isExecutable).sorted().findFirst();
        }
    }
}
