package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./gradus} launcher as a user runs it, after {@code package} has built the jar: from the repository
 * root, with {@code JAVA_HOME} unset (the launcher finds a JDK 21+ by itself). Normal runs print nothing from the
 * JVM on stderr; what programs write there goes through whole and live; exit codes, standard input and signals
 * reach Java.
 */
class LauncherIT {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    record Run(int code, String out, String err) {}

    /** Starts {@code ./gradus args} from the repository root without JAVA_HOME. */
    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ROOT.resolve("gradus").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().remove("JAVA_HOME");
        pb.environment().put("GRADUS_JAVA_OPTS", "-Xmx1g -XX:+UseParallelGC");
        return pb.start();
    }

    static Run run(String... args) throws Exception {
        Process p = start(args);
        p.getOutputStream().close();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("./gradus %s finished", List.of(args)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void helpLabListAndVersionPrintNothingOnStderr() throws Exception {
        Run help = run("--help");
        assertThat(help.err()).isEmpty();
        assertThat(help.code()).isZero();
        assertThat(help.out()).startsWith("Usage: gradus");

        Run list = run("lab", "list");
        assertThat(list.err()).isEmpty();
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains("matrix-sensing");

        Run version = run("--version");
        assertThat(version.err()).isEmpty();
        assertThat(version.out()).contains("Java ").contains("BLAS ").contains("  why: ");
    }

    @Test
    void theReadmesTourRunsThroughTheLauncher() throws Exception {
        Run tour = run("java", "examples/Tour.java");
        assertThat(tour.err()).isEmpty();
        assertThat(tour.code()).isZero();
        assertThat(tour.out()).contains("largest Hessian eigenvalue 6.171096578564636")
                .contains("test Evaluation[loss=0.10841015349918565, accuracy=0.9637883008356546, samples=359]");
    }

    @Test
    void aUserErrorKeepsItsExitCodeAndItsOneLine() throws Exception {
        Run bad = run("bench", "mlp", "--loss", "huber");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).isEqualTo("gradus: bench mlp: unknown --loss 'huber'; expected cross_entropy, mse or bce\n");
        Run usage = run("java");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.err()).startsWith("usage: ./gradus java ");
    }

    /** A program that writes a progress line ending in \r, reads a line, writes it back and exits with 3. */
    private static Path program(Path dir) throws IOException {
        return Files.writeString(dir.resolve("Echo.java"), """
                public class Echo {
                    public static void main(String[] args) throws Exception {
                        if (args.length > 0) {
                            Runtime.getRuntime().addShutdownHook(new Thread(() -> System.err.println("stopped")));
                        }
                        System.err.print("step 1/2\\r");
                        System.err.flush();
                        String line = new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine();
                        // The same words as the JVM's note, but from the program: they must not be dropped.
                        System.err.println("WARNING: Using incubator modules: jdk.incubator.vector");
                        System.err.print("got " + line + "\\n");
                        System.err.flush();
                        System.out.println("out " + dev.gradus.tensor.Blas.backend().id());
                        if (args.length > 0) {
                            Thread.sleep(120_000);
                        }
                        System.exit(3);
                    }
                }
                """);
    }

    /** Reads {@code in} until {@code expected} has arrived (then returns what came), failing after a minute. */
    private static String readUntil(InputStream in, String expected) throws IOException {
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!seen.toString(StandardCharsets.UTF_8).contains(expected)) {
            assertThat(System.nanoTime()).as("waiting for %s, got %s", expected, seen).isLessThan(deadline);
            int b = in.read();
            assertThat(b).as("stream ended before %s; got %s", expected, seen).isNotNegative();
            seen.write(b);
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    @Test
    void stderrIsLiveAndWholeWhileStdinAndTheExitCodeReachJava(@TempDir Path tmp) throws Exception {
        Process p = start("java", "-cp", tmp.toString(), program(tmp).toString());
        // The progress line arrives before the program gets its input: nothing waits for a newline.
        String before = readUntil(p.getErrorStream(), "step 1/2\r");
        p.getOutputStream().write("hello\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String rest = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(3);
        assertThat(before + rest).isEqualTo("step 1/2\rWARNING: Using incubator modules: jdk.incubator.vector\n"
                + "got hello\n");
        assertThat(out).startsWith("out ");
    }

    @Test
    void terminatingTheLauncherStopsJava(@TempDir Path tmp) throws Exception {
        Process p = start("java", program(tmp).toString(), "sleep");
        readUntil(p.getErrorStream(), "step 1/2\r");
        p.getOutputStream().write("x\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().flush();
        readUntil(p.getErrorStream(), "got x\n");
        List<ProcessHandle> java = p.descendants().filter(h -> h.info().command().orElse("").endsWith("/java")).toList();
        assertThat(java).as("the launcher's Java child").isNotEmpty();
        p.toHandle().destroy(); // SIGTERM to the launcher only, as a process manager sends it (streams stay open)
        String rest = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(143);
        assertThat(rest).isEqualTo("stopped\n");
        for (ProcessHandle h : java) {
            assertThat(h.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
        }
    }
}
