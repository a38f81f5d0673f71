package dev.gradus.cli.zeroth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.cli.GradusCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MinimizeCommandTest {

    static Object[] gradus(String... args) {
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    @Test
    void minimizesAndResumesToTheSameFiles(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        String[] run = {"minimize", "--objective", "rastrigin(d=2, bound=3)", "--method",
            "cbo(particles=50, alpha=1e5, noise=\"isotropic\", sigma=0.8)", "--seed", "1"};
        Object[] whole = gradus(concat(run, "--budget", "20000", "--out", a.toString()));
        assertThat(whole[0]).as(whole[2].toString()).isEqualTo(0);
        assertThat(whole[1].toString()).contains("generation 1  evaluations 50/20000").contains("results in " + a);
        gradus(concat(run, "--budget", "5000", "--out", b.toString()));
        Object[] resumed = gradus(concat(run, "--budget", "20000", "--out", b.toString(), "--resume"));
        assertThat(resumed[0]).as(resumed[2].toString()).isEqualTo(0);
        assertThat(Files.readAllBytes(b.resolve("history.csv"))).isEqualTo(Files.readAllBytes(a.resolve("history.csv")));
        assertThat(Files.readString(a.resolve("best.json"))).contains("\"best_value\"");
    }

    @Test
    void badSpecsAreOneLineErrorsNamingTheProblem(@TempDir Path dir) {
        Object[] r = gradus("minimize", "--objective", "rastrign(d=2)", "--out", dir.toString());
        assertThat(r[0]).isNotEqualTo(0);
        assertThat(r[2].toString()).contains("did you mean rastrigin").doesNotContain("\tat ");
        Object[] m = gradus("minimize", "--objective", "sphere(d=2)", "--method", "cbo(particles=-1)", "--out",
                dir.toString());
        assertThat(m[0]).isNotEqualTo(0);
        assertThat(m[2].toString()).contains("particles").doesNotContain("\tat ");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
