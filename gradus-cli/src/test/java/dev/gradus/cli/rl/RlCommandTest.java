package dev.gradus.cli.rl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.cli.GradusCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RlCommandTest {
    private static final String[] RUN = {"rl", "train", "--env", "cartpole", "--algo",
        "ppo(n_steps=128, batch_size=64, n_epochs=2)", "--steps", "4000", "--seed", "3"};

    static Object[] gradus(String... args) {
        CommandLine cl = GradusCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Object[] {code, out.toString(), err.toString()};
    }

    private static String[] with(String[] base, String... more) {
        List<String> l = new ArrayList<>(List.of(base));
        l.addAll(List.of(more));
        return l.toArray(new String[0]);
    }

    /**
     * A {@code gradus rl train} process killed (SIGKILL) at whatever point it has reached after its first checkpoint,
     * then resumed, writes the same bytes as an uninterrupted run.
     */
    @Test
    void killedAndResumedEqualsUninterruptedByteForByte(@TempDir Path dir) throws Exception {
        Path killed = dir.resolve("killed");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), GradusCommand.class.getName()));
        cmd.addAll(List.of(with(RUN, "--out", killed.toString())));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(killed.resolve("checkpoint.safetensors")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean wasAlive = p.isAlive();
        p.destroyForcibly().waitFor();
        assertThat(wasAlive).as("the run was still going when it was killed").isTrue();
        assertThat(killed.resolve("history.csv")).as("a killed run has not written its results").doesNotExist();
        Object[] resumed = gradus(with(RUN, "--out", killed.toString(), "--resume"));
        assertThat(resumed[0]).as(resumed[2].toString()).isEqualTo(0);
        Path whole = dir.resolve("whole");
        Object[] r = gradus(with(RUN, "--out", whole.toString()));
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        assertThat((String) r[1]).contains("iteration 1  steps 128/4000").contains("results in " + whole);
        for (String f : List.of("history.csv", "returns.png", "policy.safetensors", "checkpoint.safetensors")) {
            assertThat(Files.readAllBytes(killed.resolve(f))).as(f + " (the process was %s when killed)",
                    wasAlive ? "running" : "already done").isEqualTo(Files.readAllBytes(whole.resolve(f)));
        }
        Object[] e = gradus("rl", "eval", whole.toString(), "--episodes", "2", "--greedy");
        assertThat(e[0]).as(e[2].toString()).isEqualTo(0);
        assertThat((String) e[1]).contains("episode 2 (seed 1001)").contains("2 episodes (greedy): mean");
    }

    @Test
    void badSpecsAreOneLine(@TempDir Path dir) {
        Object[] r = gradus("rl", "train", "--env", "cartpole", "--algo", "ppo(lr=-1)", "--out", dir.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).startsWith("gradus: ").contains("lr");
        Object[] e = gradus("rl", "eval", dir.resolve("nothing").toString());
        assertThat(e[0]).isEqualTo(2);
        assertThat((String) e[2]).contains("does not exist");
    }
}
