package dev.gradus.cli.rl;

import dev.gradus.rl.RlTraining;
import dev.gradus.tensor.io.DirectoryLock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradus rl train}: trains a policy and writes history, plot, weights and a checkpoint that resumes exactly. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a policy on an environment with an RL algorithm, up to --steps environment steps.",
            "Writes DIR/history.csv (one row per iteration), DIR/returns.png (episode return against steps),"
                + " DIR/policy.safetensors (the weights, for gradus rl eval), DIR/summary.json and"
                + " DIR/checkpoint.safetensors, from which --resume continues bit for bit (environments, policy and"
                + " random streams included) up to --steps in total.",
            "Environments: cartpole, mountain_car, mountain_car_continuous, acrobot, pendulum, lqr, chain, gridworld,"
                + " random_mdp, maze. Algorithms: ppo(...), mdpo(...), pg(OPTIMIZER, ...). Policies: softmax(...),"
                + " gaussian(...). Every setting: gradus optim list.",
            "Example: gradus rl train --env cartpole --algo 'ppo(lr=3e-4)' --steps 100000 --seed 0 --out runs/ppo"})
public final class RlTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--env", paramLabel = "SPEC", required = true, description = "The environment, e.g. 'cartpole'.")
    String env;

    @Option(names = "--algo", paramLabel = "SPEC", defaultValue = "ppo()",
            description = "The algorithm, e.g. 'ppo(lr=3e-4)'. Default: ${DEFAULT-VALUE}.")
    String algo;

    @Option(names = "--policy", paramLabel = "SPEC",
            description = "The policy, e.g. 'softmax(hidden=(64, 64))'. Default: a 2x64 tanh softmax (discrete"
                    + " actions) or Gaussian (a box).")
    String policy;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "100000",
            description = "Environment steps in total. Default: ${DEFAULT-VALUE}.")
    long steps;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "The seed of the weights, environments, actions and minibatches. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in DIR.")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "ITERATIONS", defaultValue = "1",
            description = "Iterations between checkpoints. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        long start = System.nanoTime();
        long[] nextLine = {0}; // at most about 100 progress lines: one per percent of the budget
        RlTraining.Outcome o;
        // One run per output directory, as for gradus train: a second one is refused at once, naming the first.
        try (DirectoryLock lock = DirectoryLock.acquire(out, "gradus rl train --out " + out)) {
            o = RlTraining.run(new RlTraining.Spec(env, algo, policy, steps, seed, checkpointEvery), out,
                    resume, (row, total) -> {
                        if (row.envSteps() < nextLine[0] && row.envSteps() < total) {
                            return;
                        }
                        nextLine[0] = row.envSteps() + Math.max(1, total / 100);
                        w.printf(Locale.ROOT,
                                "iteration %d  steps %d/%d  episodes %d  return %s (last %d: %s)%s  %.1fs%n",
                                row.iteration(), row.envSteps(), total, row.episodes(), fmt(row.meanReturn()),
                                RlTraining.WINDOW, fmt(row.rollingReturn()), metrics(row.metrics()),
                                (System.nanoTime() - start) / 1e9);
                        w.flush();
                    });
        }
        w.printf(Locale.ROOT, "%d iterations, %d steps, %d episodes in %.1f s; mean return of the last %d episodes %s;"
                        + " results in %s%n", o.history().size(), o.envSteps(),
                o.history().isEmpty() ? 0 : o.history().get(o.history().size() - 1).episodes(), o.seconds(),
                RlTraining.WINDOW, fmt(o.finalReturn()), out);
        w.flush();
        return 0;
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String metrics(Map<String, Double> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> {
            if (!Double.isNaN(v)) {
                sb.append(String.format(Locale.ROOT, "  %s %.4g", k, v));
            }
        });
        return sb.toString();
    }
}
