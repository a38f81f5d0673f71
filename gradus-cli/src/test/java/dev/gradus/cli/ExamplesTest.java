package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java tour ({@code examples/Tour.java}) compiles against the current API and runs. */
class ExamplesTest {

    @Test
    void tourCompilesAndRuns(@TempDir Path out) throws Exception {
        Path source = Path.of("..", "examples", "Tour.java");
        assertThat(source).exists();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, null, diagnostics, "--release", "21", "-d", out.toString(),
                "-cp", System.getProperty("java.class.path"), source.toString());
        assertThat(status).as(diagnostics.toString(StandardCharsets.UTF_8)).isZero();

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {out.toUri().toURL()},
                ExamplesTest.class.getClassLoader())) {
            Method main = loader.loadClass("Tour").getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        String text = printed.toString(StandardCharsets.UTF_8);
        // The exact lines the README shows: the tour is deterministic.
        assertThat(text).contains("largest Hessian eigenvalue 6.171096578564636")
                .contains("restored state at step 3")
                .contains("test Evaluation[loss=0.10841015349918565, accuracy=0.9637883008356546, samples=359]");
        try (var compiled = Files.list(out)) {
            assertThat(compiled).isNotEmpty();
        }
    }
}
