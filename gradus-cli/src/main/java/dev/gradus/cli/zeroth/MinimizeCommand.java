package dev.gradus.cli.zeroth;

import dev.gradus.cli.GradusSubcommand;
import dev.gradus.zeroth.Minimization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradus minimize}: runs an ask/tell method on an objective within a budget of evaluations. */
@Command(name = "minimize", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Minimize a black-box objective with a derivative-free method, within --budget evaluations.",
            "Writes DIR/history.csv (one row per generation), DIR/convergence.png, DIR/best.json (best point and value;"
                + " for several objectives the front's hypervolume), DIR/front.csv (several objectives) and"
                + " DIR/checkpoint.safetensors, from which --resume continues bit for bit up to --budget in total.",
            "Objectives: sphere, rosenbrock, rastrigin, ackley, griewank, styblinski_tang (d=..., shift=..., bound=...),"
                + " zdt1, zdt2, zdt3 (n=...), dtlz2 (m=..., k=...). Methods: cbo(...), cmaes(...), openai_es(...),"
                + " deep_ga(...), nsga2(...). Every setting: gradus optim list.",
            "Example: gradus minimize --objective 'rastrigin(d=10)' --method 'cbo(particles=100)' --budget 100000"
                + " --seed 0 --out runs/cbo"})
public final class MinimizeCommand implements Callable<Integer>, GradusSubcommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--objective", paramLabel = "SPEC", required = true,
            description = "The objective, e.g. 'rastrigin(d=10)'.")
    String objective;

    @Option(names = "--method", paramLabel = "SPEC", defaultValue = "cmaes()",
            description = "The method, e.g. 'cbo(particles=100)'. Default: ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--budget", paramLabel = "N", defaultValue = "100000",
            description = "Evaluations in total. Default: ${DEFAULT-VALUE}.")
    long budget;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "The seed of all the method's randomness. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "1",
            description = "Evaluation threads; the result does not depend on them. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in DIR.")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "GENERATIONS", defaultValue = "0",
            description = "Generations between checkpoints; 0 writes one every 10 seconds. Default: ${DEFAULT-VALUE}.")
    int checkpointEvery;

    /** The command ServiceLoader creates. */
    public MinimizeCommand() {}

    @Override
    public Integer call() throws IOException {
        PrintWriter w = spec.commandLine().getOut();
        long[] next = {0}; // about 20 progress lines: one per 5% of the budget
        Minimization.Outcome o = Minimization.run(
                new Minimization.Spec(objective, method, budget, seed, threads, checkpointEvery), out, resume,
                (row, total) -> {
                    if (row.evaluations() < next[0]) {
                        return;
                    }
                    next[0] = row.evaluations() + Math.max(1, total / 20);
                    w.println(Minimization.describe(row, total));
                    w.flush();
                });
        Minimization.Row last = o.history().isEmpty() ? null : o.history().get(o.history().size() - 1);
        String result = Double.isNaN(o.hypervolume())
                ? String.format(Locale.ROOT, "best %.6g at %s", o.bestValue(), point(o.best()))
                : String.format(Locale.ROOT, "hypervolume %.6f", o.hypervolume());
        w.printf(Locale.ROOT, "%d generations, %d evaluations in %.2f s%s; %s; results in %s%n",
                last == null ? 0 : last.generation(), last == null ? 0 : last.evaluations(), o.seconds(),
                o.converged() ? " (converged)" : "", result, out);
        w.flush();
        return 0;
    }

    private static String point(double[] x) {
        if (x.length <= 6) {
            return Arrays.toString(Arrays.stream(x).map(v -> Math.round(v * 1e4) / 1e4).toArray());
        }
        return "(" + x.length + " coordinates in best.json)";
    }
}
