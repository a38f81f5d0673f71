package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine whose only BLAS is the reference BLAS owning {@code libblas.so.3}, as Debian's {@code libblas3}
 * leaves it when OpenBLAS is absent: the CLI runs in a fresh JVM whose library search path holds only that
 * link (the real library from {@code libblas3}, which {@code .ci/run} installs), and must report and use
 * Gradus's own kernel.
 */
class ReferenceBlasMachineTest {

    @Test
    void benchMlpAndVersionReportGradussOwnKernel(@TempDir Path tmp) throws Exception {
        String multiarch = System.getProperty("os.arch").equals("aarch64") ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        Path reference = Path.of("/usr/lib", multiarch, "blas", "libblas.so.3");
        if (!Files.isRegularFile(reference)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reference + " is missing but CI=true: .ci/run must install libblas3");
            }
            assumeTrue(false, "skipped: " + reference + " is missing (apt-get install libblas3)");
        }
        Path lib = Files.createDirectories(tmp.resolve("lib"));
        Files.createSymbolicLink(lib.resolve("libblas.so.3"), reference);

        String json = gradus(lib, "bench", "mlp", "--hidden", "64", "--batch-size", "16", "--steps", "4",
                "--warmup", "0", "--json");
        JsonNode j = new ObjectMapper().readTree(json);
        assertThat(j.get("blas_backend").asText()).isEqualTo("java");
        assertThat(j.get("blas").asText()).startsWith("java: Gradus packed dgemm on the Vector API");
        assertThat(j.get("blas_reason").asText()).startsWith(lib.resolve("libblas.so.3") + " (-> ")
                .contains("the reference BLAS (unoptimised)").contains("products run in Gradus's own kernel");
        assertThat(j.get("blas_threads").asInt()).isEqualTo(1);

        String version = gradus(lib, "--version");
        assertThat(version).contains("BLAS java: Gradus packed dgemm").contains("why: " + lib.resolve("libblas.so.3"));
    }

    /** Runs the CLI in a new JVM whose BLAS search path is {@code libDir}; returns its output. */
    private static String gradus(Path libDir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-Dgradus.blas.searchPath=" + libDir, "-cp", System.getProperty("java.class.path"),
                GradusCommand.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
