package dev.gradus.cli.distributed;

import dev.gradus.cli.DataOptions;
import dev.gradus.cli.EngineOptions;
import dev.gradus.cli.TrainCommand;
import dev.gradus.data.ShuffleSampler;
import dev.gradus.distributed.DataParallelStep;
import dev.gradus.distributed.WorkersSampler;
import dev.gradus.distributed.coding.GradientCode;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.EpochMetrics;
import dev.gradus.train.Progress;
import dev.gradus.train.TrainingJob;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code gradus distributed train}: {@code gradus train} with a data-parallel step: {@code --workers} workers, each
 * on its shard with batches of {@code --batch-size}, a compressor, an aggregator and optionally Byzantine workers.
 * Writes what {@code gradus train} writes; the summary adds the bytes sent, the compression ratio and the
 * simulated time.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model data-parallel: every step, each of --workers workers takes a batch of"
                + " --batch-size from its shard, computes its gradient and compresses it; the Byzantine workers of"
                + " --attack forge theirs; --aggregator combines the messages in worker order and --optimizer applies"
                + " the result. Results do not depend on --threads.",
            "Writes the files of gradus train into DIR; --resume continues the run bit for bit.",
            "Example: gradus distributed train --data digits --model 'mlp(hidden=(64,))' --workers 8"
                + " --compressor 'dgc(density=0.01)' --optimizer 'sgd(lr=0.1)' --epochs 5 --out runs/dgc"})
public final class DistributedTrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "4",
            description = "The number of workers. Default: ${DEFAULT-VALUE}.")
    int workers;

    @Option(names = "--compressor", paramLabel = "SPEC", defaultValue = "none",
            description = "Each worker's compressor: none, topk(density=0.01), randomk(...), qsgd(levels=16), sign,"
                    + " sign(error_feedback=true), dgc(density=0.001, ...). Default: ${DEFAULT-VALUE}.")
    String compressor;

    @Option(names = "--aggregator", paramLabel = "SPEC", defaultValue = "mean",
            description = "The server's rule: mean, median, trimmed_mean(f=1), krum(f=1, m=1), geometric_median,"
                    + " centered_clipping(tau=2), nnm(f=1, of=mean), majority_vote. Default: ${DEFAULT-VALUE}.")
    String aggregator;

    @Option(names = "--attack", paramLabel = "SPEC",
            description = "The last f workers are Byzantine: sign_flip(f=1), alie(f=1, z=1.5), ipm(f=1, eps=0.1),"
                    + " gaussian(f=1, std=1), mimic(f=1), label_flip(f=1). Default: none.")
    String attack;

    @Option(names = "--gradient-code", paramLabel = "KIND:S",
            description = "Straggler-tolerant rounds: fractional_repetition:S or cyclic:S (Tandon et al.) tolerating S"
                    + " stragglers; every worker computes S+1 shards and the master decodes from the first N-S in"
                    + " simulated time. Takes no compressor, attack or robust aggregator. Default: none.")
    String gradientCode;

    @Mixin
    EngineOptions engine;

    @Option(names = "--threads", paramLabel = "T",
            description = "Threads of the in-process engine; does not change results. Default: min(workers, cores),"
                    + " or 1 for a model with dropout or batch norm.")
    Integer threads;

    @Option(names = "--compute-time", paramLabel = "BASE,DELAY", split = ",", defaultValue = "1.0,0.0",
            description = "Simulated seconds per worker and step: BASE plus an exponential delay of mean DELAY."
                    + " Default: ${DEFAULT-VALUE}.")
    double[] computeTime;

    @Option(names = "--bandwidth", paramLabel = "BYTES/S", defaultValue = "1.25e9",
            description = "Simulated link bandwidth. Default: ${DEFAULT-VALUE} (10 Gbit/s).")
    double bandwidth;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "sgd(lr=0.1)",
            description = "The optimizer applying the aggregate. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "The seed of the initial weights, the data order and every worker's randomness."
                    + " Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output directory.")
    Path out;

    @Option(names = "--resume", description = "Continue the run whose checkpoint is in DIR.")
    boolean resume;

    @Option(names = "--checkpoint-every", paramLabel = "STEPS", defaultValue = "0",
            description = "Also checkpoint every STEPS steps (0: at the end of each epoch only). Default: ${DEFAULT-VALUE}.")
    long checkpointEvery;

    private GradientCode code(String text, long runSeed) {
        String[] parts = text.split(":", -1);
        int s;
        try {
            s = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : -1;
        } catch (NumberFormatException e) {
            s = -1;
        }
        if (s < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--gradient-code: expected KIND:S such as"
                    + " fractional_repetition:1 or cyclic:2, got '" + text + "'");
        }
        return switch (parts[0].trim()) {
            case "fractional_repetition", "fr" -> GradientCode.fractionalRepetition(workers, s);
            case "cyclic" -> GradientCode.cyclic(workers, s, RandomStream.of(runSeed).fork("gradient code"));
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--gradient-code: unknown kind '"
                    + parts[0] + "'; expected fractional_repetition or cyclic");
        };
    }

    @Override
    public Integer call() throws IOException {
        if (computeTime.length != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--compute-time takes BASE,DELAY, got "
                    + computeTime.length + " values");
        }
        PrintWriter w = spec.commandLine().getOut();
        TrainingJob.Spec job = new TrainingJob.Spec(data.data, data.format(), data.labelColumn(), data.model, optimizer,
                data.epochs, data.batchSize, seed, data.valFraction, data.testFraction, data.splitSeed, checkpointEvery,
                data.standardize, data.task(), data.divergenceFactor);
        int[] usedThreads = new int[1];
        TrainingJob.Outcome o;
        try (EngineOptions.Run run = engine.open(spec.commandLine())) {
            o = TrainingJob.run(job, out, resume, Progress.auto(w), (trainer, j) -> {
                long s = j.seed();
                java.util.function.Supplier<Module> replica = () -> j.modelSpec().build(j.train().sampleShape(),
                        j.outputs(), RandomStream.of(s).fork("init"));
                Module probe = replica.get();
                boolean shareable = probe.randomStates().isEmpty() && probe.namedBuffers().size() == 0;
                int t = threads != null ? threads
                        : shareable ? Math.max(1, Math.min(workers, Runtime.getRuntime().availableProcessors())) : 1;
                usedThreads[0] = t;
                DataParallelStep.Builder b = DataParallelStep.builder().workers(workers).compressor(compressor)
                        .aggregator(aggregator).attack(attack).threads(t).replicas(replica)
                        .computeTime(computeTime[0], computeTime[1]).bandwidth(bandwidth);
                if (gradientCode != null) {
                    b.gradientCode(code(gradientCode, s));
                }
                DataParallelStep step = b.build();
                trainer.step(run.step(step, j))
                        .sampler(WorkersSampler.of(workers, ShuffleSampler.of(data.batchSize, false)));
            });
        }
        w.printf(Locale.ROOT, "%-10s %10s %9s%n", "split", "loss", "accuracy");
        TrainCommand.print(w, "train", o.train());
        TrainCommand.print(w, "validation", o.validation());
        TrainCommand.print(w, "test", o.test());
        if (!o.history().isEmpty()) {
            EpochMetrics last = o.history().last();
            Map<String, Double> x = last.extras();
            double mb = x.getOrDefault("mb_sent", Double.NaN);
            double ratio = x.getOrDefault("compression", Double.NaN);
            w.printf(Locale.ROOT, "%d workers (%s): %.3f MB sent, %.3f MB dense, compression %.1fx;"
                    + " simulated %.1f s%n", workers, engine.local() ? usedThreads[0] + " threads"
                    : engine.engine() + " " + engine.master(), mb, mb * ratio, ratio,
                    x.getOrDefault("sim_seconds", Double.NaN));
        }
        w.printf(Locale.ROOT, "%d epochs, %d steps, %.1f s wall; results in %s%n", o.history().size(), o.steps(),
                o.seconds(), out);
        w.flush();
        return 0;
    }
}
