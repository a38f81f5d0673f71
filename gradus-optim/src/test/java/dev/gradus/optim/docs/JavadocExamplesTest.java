package dev.gradus.optim.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java example in the Javadoc of this module ({@code <pre>{@code ...}</pre>} blocks in
 * {@code src/main/java}) compiles against the current API, so an example cannot call a method that does not
 * exist (as {@code loss.gradient(params)} once did in Adam's).
 *
 * <p>An example is compiled as the body of a method (statements), or as a member of a class when it
 * declares a field; each group separated by a blank line is its own block. The names an example uses
 * without declaring them ({@code params}, {@code grads}, {@code objective}, ...) are fields of the enclosing
 * class, which an example's own declarations shadow. Class-header sketches ({@code public final class ...}
 * with a body left out) show how to write a class, not code to run, and are listed in {@link #SKETCHES}: a new
 * one must be added there on purpose.
 */
class JavadocExamplesTest {

    /** Files whose only examples are class-header sketches (how to write an optimizer or a provider). */
    private static final List<String> SKETCHES = List.of("dev/gradus/optim/Configurable.java",
            "dev/gradus/optim/Fluent.java", "dev/gradus/optim/spec/DescriptorProvider.java");

    private static final Pattern BLOCK = Pattern.compile("<pre>\\{@code\\n(.*?)\\n\\s*\\* ?\\}</pre>", Pattern.DOTALL);

    private static final String IMPORTS = """
            import dev.gradus.optim.*;
            import dev.gradus.optim.combine.*;
            import dev.gradus.optim.optimizer.*;
            import dev.gradus.optim.schedule.*;
            import dev.gradus.optim.spec.*;
            import dev.gradus.optim.state.*;
            import dev.gradus.optim.transform.*;
            import dev.gradus.tensor.*;
            import java.nio.file.Path;
            import java.util.*;
            """;

    /** What examples may use without declaring it. */
    private static final String FIELDS = """
                TensorMap params;
                TensorMap grads;
                OptState state;
                GradientTransformation opt;
                Objective objective;
                Objective batchObjective;
                double batchLoss;
                PerSample perExample;
                long seed;
                long step;
                Tensor a;
                double[] y;
                Path path;
            """;

    record Example(String file, int line, String code) {}

    @TempDir
    Path out;

    @Test
    void everyJavadocExampleCompiles() throws IOException {
        Path root = Path.of("src/main/java");
        List<Example> examples = new ArrayList<>();
        List<String> sketchFiles = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                String rel = root.relativize(f).toString().replace(File.separatorChar, '/');
                String text = Files.readString(f);
                Matcher m = BLOCK.matcher(text);
                while (m.find()) {
                    String code = strip(m.group(1));
                    int line = 1 + (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count();
                    if (code.startsWith("public final class") || code.startsWith("public class")) {
                        sketchFiles.add(rel);
                    } else {
                        examples.add(new Example(rel, line, code));
                    }
                }
            }
        }
        assertThat(sketchFiles).as("files with class-header sketches").containsExactlyInAnyOrderElementsOf(SKETCHES);
        assertThat(examples.size()).as("examples found").isGreaterThan(15);
        assertThat(examples).extracting(Example::file).contains("dev/gradus/optim/optimizer/Adam.java",
                "dev/gradus/optim/optimizer/AdamP.java", "dev/gradus/optim/Optimizers.java");

        List<JavaFileObject> sources = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            sources.add(source("Example" + i, examples.get(i)));
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> options = List.of("-classpath", cp, "-d", out.toString(), "-proc:none", "-Xlint:none");
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, sources).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    Example e = examples.get(Integer.parseInt(d.getSource().getName()
                            .replaceAll(".*Example(\\d+)\\.java", "$1")));
                    errors.add(e.file() + " (example at line " + e.line() + "): " + d.getMessage(Locale.ROOT)
                            + "\n" + e.code());
                }
            }
            if (!ok || !errors.isEmpty()) {
                fail("Javadoc examples that do not compile:\n\n" + String.join("\n\n", errors));
            }
        }
    }

    /** The Java code of a block: the leading {@code * } of each Javadoc line removed, HTML entities decoded. */
    private static String strip(String block) {
        StringBuilder sb = new StringBuilder();
        for (String l : block.split("\n")) {
            String t = l.replaceFirst("^\\s*\\* ?", "");
            sb.append(t).append('\n');
        }
        return sb.toString().replace("&#64;", "@").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                .strip();
    }

    private static JavaFileObject source(String name, Example e) {
        StringBuilder members = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (String group : e.code().split("\\n\\s*\\n")) {
            if (group.startsWith("public static final")) {
                members.append(group).append('\n');
            } else {
                body.append("        {\n").append(group).append("\n        }\n");
            }
        }
        // An example may use its own package's types unqualified, as the Javadoc around it does.
        String own = e.file().contains("/") ? e.file().substring(0, e.file().lastIndexOf('/')).replace('/', '.') : "";
        String ownImport = own.isEmpty() ? "" : "import " + own + ".*;\n";
        String code = "package examples;\n" + IMPORTS + ownImport + "@SuppressWarnings(\"all\")\nclass " + name + " {\n" + FIELDS
                + members + "    void example() throws Exception {\n" + body + "    }\n}\n";
        return new SimpleJavaFileObject(URI.create("string:///examples/" + name + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        };
    }
}
