package dev.gradus.cli.rl;

import dev.gradus.rl.RlTraining;
import dev.gradus.rl.env.EnvFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code gradus rl eval}: runs a saved policy for some episodes and prints their returns. */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a policy saved by gradus rl train (DIR or DIR/policy.safetensors) for --episodes episodes"
                + " seeded --seed, --seed + 1, ...; print each return and their mean, min and max.",
            "Example: gradus rl eval runs/ppo --episodes 10 --greedy"})
public final class RlEvalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "POLICY", description = "A run directory or its policy.safetensors.")
    Path policy;

    @Option(names = "--env", paramLabel = "SPEC",
            description = "The environment (default: the one the policy was trained on).")
    String env;

    @Option(names = "--episodes", paramLabel = "N", defaultValue = "10", description = "Episodes. Default: ${DEFAULT-VALUE}.")
    int episodes;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1000",
            description = "The seed of the first episode. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--greedy", description = "Take the most likely action instead of sampling.")
    boolean greedy;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes must be at least 1, got " + episodes);
        }
        Path file = Files.isDirectory(policy) ? policy.resolve(RlTraining.POLICY) : policy;
        if (!Files.exists(file)) {
            throw new IOException(file + " does not exist; give a directory written by gradus rl train or its "
                    + RlTraining.POLICY);
        }
        RlTraining.Saved saved = RlTraining.loadPolicy(file);
        String envSpec = env == null ? saved.env() : env;
        double[] returns = RlTraining.evaluate(saved.policy(), EnvFactory.parse(envSpec), episodes, seed, greedy);
        PrintWriter w = spec.commandLine().getOut();
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < returns.length; i++) {
            w.printf(Locale.ROOT, "episode %d (seed %d): return %.2f%n", i + 1, seed + i, returns[i]);
            sum += returns[i];
            min = Math.min(min, returns[i]);
            max = Math.max(max, returns[i]);
        }
        w.printf(Locale.ROOT, "%s on %s, %d episodes%s: mean %.2f, min %.2f, max %.2f%n", file, envSpec, episodes,
                greedy ? " (greedy)" : "", sum / episodes, min, max);
        w.flush();
        return 0;
    }
}
