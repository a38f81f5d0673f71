package dev.gradus.spark;

import dev.gradus.data.Dataset;
import dev.gradus.distributed.CollectiveCompressor;
import dev.gradus.distributed.Compressor;
import dev.gradus.distributed.DataParallelStep;
import dev.gradus.distributed.Flat;
import dev.gradus.distributed.MeanAggregator;
import dev.gradus.distributed.NoCompression;
import dev.gradus.distributed.Server;
import dev.gradus.distributed.Worker;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.optim.Capability;
import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * The rounds of a {@link DataParallelStep} run on Spark, with the bits of the in-process step it is built from.
 *
 * <p><b>A round.</b> The parameters are broadcast; the round's requests (worker {@code i}'s rows of its shard in
 * batch order, its compressor state and its stream {@code random("worker i")}) are one Spark partition per fixed,
 * contiguous set of workers; each partition runs {@link Worker#gradient} or {@link Worker#compute} for its workers
 * ({@link RoundTask}) against the shards, which were broadcast once, one broadcast per worker, so an executor
 * fetches only its workers' shards. The driver then combines the messages in worker order: the plain mean by the
 * keyed reduce-scatter of {@link OrderedMean} when the round's messages are large ({@link #keyedMeanAbove}; the
 * driver then holds only the result), otherwise, and for any other rule (robust aggregators, attacks) or a
 * {@link CollectiveCompressor}'s round, by collecting the messages in partition order and calling
 * {@link Server#combine} or the compressor's round exactly as in-process. Then the optimizer steps.
 *
 * <p><b>State</b> is the reference step's {@link DataParallelStep.State}, held by the driver: every worker's
 * state travels with its request and comes back advanced, so checkpoints are those of the in-process step (and
 * {@link #describe} is the same, so a run may be resumed on either engine). A failed task is retried by Spark
 * from the same request, so a lost executor does not change any bit.
 *
 * <p>Not supported: gradient codes (their rounds drop stragglers in simulated time, so they have nothing to gain
 * here) and models with random layers or buffers (which replicas cannot share, as with several threads).
 */
public final class SparkDataParallelStep implements TrainStep {
    private final DataParallelStep reference;
    private final JavaSparkContext sc;
    private final int partitions;
    private final OracleFactory oracles;
    private final List<Broadcast<WorkerShard>> shards;
    private final String compressorSpec;
    private final RoundPayload.Mode mode;
    private long keyedMeanAbove = DEFAULT_KEYED_MEAN_ABOVE;

    /**
     * The default of {@link #keyedMeanAbove}: 64 MiB of messages per round. Below it, collecting the messages costs
     * the driver less than a shuffle (one Spark job instead of two).
     */
    public static final long DEFAULT_KEYED_MEAN_ABOVE = 64L << 20;

    private SparkDataParallelStep(DataParallelStep reference, JavaSparkContext sc, int partitions,
            OracleFactory oracles, Dataset train) {
        this.reference = reference;
        this.sc = sc;
        this.partitions = partitions;
        this.oracles = oracles;
        int n = reference.workers();
        this.shards = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            shards.add(sc.broadcast(WorkerShard.of(train, i, n)));
        }
        Compressor c = reference.compressor();
        this.compressorSpec = Specs.print(c);
        this.mode = c instanceof NoCompression ? RoundPayload.Mode.PLAIN
                : c instanceof CollectiveCompressor ? RoundPayload.Mode.COLLECTIVE : RoundPayload.Mode.COMPRESSED;
    }

    /**
     * The Spark step for {@code reference}'s rounds, training {@code model} (built from {@code modelSpec} for data of
     * {@code sampleShape} with {@code outputs} outputs) under {@code loss} on {@code train}, the Trainer's training
     * set (the shards are taken from it). {@code partitions} Spark partitions each hold a fixed contiguous set of
     * workers (at most one partition per worker).
     *
     * @throws IllegalArgumentException for a gradient code, a model with random layers or buffers, a loss that
     *     executors cannot build, or a partition count outside {@code [1, workers]}
     */
    public static SparkDataParallelStep of(DataParallelStep reference, JavaSparkContext sc, int partitions,
            ModelSpec modelSpec, Module model, Loss loss, Dataset train, int outputs) {
        if (reference.gradientCode() != null) {
            throw new IllegalArgumentException("gradus-spark: gradient codes (" + reference.gradientCode()
                    + ") run only on the in-process engine");
        }
        if (!model.randomStates().isEmpty() || model.namedBuffers().size() > 0) {
            throw new IllegalArgumentException("gradus-spark: cannot train a model with random layers or buffers "
                    + model.randomStates().keySet() + model.namedBuffers().names()
                    + " on Spark: executors' replicas cannot share them");
        }
        if (partitions < 1 || partitions > reference.workers()) {
            throw new IllegalArgumentException("gradus-spark: partitions=" + partitions + " must be in [1, workers="
                    + reference.workers() + "]");
        }
        return new SparkDataParallelStep(reference, sc, partitions,
                OracleFactory.of(modelSpec, train.sampleShape(), outputs, loss), train);
    }

    /**
     * Reduces the plain mean by the keyed reduce-scatter ({@link OrderedMean}) when a round's messages take more
     * than {@code bytes} ({@code workers * parameters * 8}); at or below it they are collected and combined on the
     * driver. Both give the same bits; this trades the driver's memory against a shuffle. Returns this step.
     */
    public SparkDataParallelStep keyedMeanAbove(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("gradus-spark: keyedMeanAbove=" + bytes + " must be at least 0");
        }
        this.keyedMeanAbove = bytes;
        return this;
    }

    /** The number of Spark partitions a round uses. */
    public int partitions() {
        return partitions;
    }

    @Override
    public Set<Capability> offers() {
        return reference.offers();
    }

    @Override
    public OptState init(TensorMap params) {
        return reference.init(params);
    }

    @Override
    public StepOutcome run(StepInput in) {
        DataParallelStep.State s = (DataParallelStep.State) in.state();
        TensorMap params = in.params();
        int n = reference.workers();
        var attack = reference.attack();
        int byz = attack == null ? 0 : attack.byzantine();
        int[] indices = in.batch().indices();
        int[][] positions = DataParallelStep.slices(indices, n);
        long step = in.step();

        List<WorkerRequest> requests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int[] rows = new int[positions[i].length];
            for (int r = 0; r < rows.length; r++) {
                rows[r] = indices[positions[i][r]] / n;
            }
            byte[] state = mode == RoundPayload.Mode.COMPRESSED ? StateCodec.encode(s.workers().get(i)) : null;
            boolean flips = i >= n - byz && attack.flipsLabels();
            requests.add(new WorkerRequest(i, rows, state, in.random("worker " + i).state(), flips));
        }
        String[] names = params.names().toArray(new String[0]);
        int[][] shapes = new int[names.length][];
        for (int k = 0; k < names.length; k++) {
            shapes[k] = params.get(names[k]).shape().clone();
        }
        int[] inputShape = Arrays.copyOfRange(in.input().shape(), 1, in.input().rank());
        int d = Math.toIntExact(params.numel());
        Broadcast<RoundPayload> payload = sc.broadcast(new RoundPayload(step, Flat.flatten(params), names, shapes,
                inputShape, compressorSpec, mode, oracles));
        List<Broadcast<WorkerShard>> data = shards;
        JavaRDD<WorkerResult> results = sc.parallelize(requests, partitions)
                .mapPartitions(it -> RoundTask.run(it, payload.value(), w -> data.get(w).value()));

        boolean orderedMean = byz == 0 && reference.aggregator() instanceof MeanAggregator
                && mode != RoundPayload.Mode.COLLECTIVE && (long) n * d * Double.BYTES > keyedMeanAbove;
        TensorMap update = params.zerosLike();
        List<WorkerResult> collected;
        try {
            if (orderedMean) {
                results.persist(StorageLevel.MEMORY_ONLY());
                double[] mean = OrderedMean.mean(results, n, d, Math.max(1, Math.min(partitions, d)));
                collected = results.map(WorkerResult::withoutMessage).collect();
                results.unpersist(false);
                Flat.unflatten(mean, update);
            } else {
                collected = results.collect();
            }
        } finally {
            payload.destroy();
        }
        WorkerResult[] byWorker = new WorkerResult[n];
        for (WorkerResult r : collected) {
            byWorker[r.worker()] = r;
        }
        Worker.Report[] reports = new Worker.Report[n];
        Tensor[][] outputs = new Tensor[n][1];
        for (int i = 0; i < n; i++) {
            WorkerResult r = byWorker[i];
            if (r == null) {
                throw new IllegalStateException("gradus-spark: no result for worker " + i + " in round " + step);
            }
            reports[i] = new Worker.Report(r.loss(), r.examples(), r.bytes(), r.denseBytes());
            if (r.output() != null) {
                outputs[i][0] = Tensor.of(r.output(), r.outputShape());
            }
            if (mode == RoundPayload.Mode.COMPRESSED) {
                StateCodec.decodeInto(r.state(), s.workers().get(i));
            }
        }
        if (!orderedMean) {
            TensorMap[] messages = new TensorMap[n];
            for (int i = 0; i < n; i++) {
                messages[i] = params.zerosLike();
                Flat.unflatten(byWorker[i].message(), messages[i]);
            }
            if (mode == RoundPayload.Mode.COLLECTIVE) {
                TensorMap[] grads = messages;
                messages = new TensorMap[n];
                for (int i = 0; i < n; i++) {
                    messages[i] = params.zerosLike();
                }
                reference.collectiveRound(in, s, grads, messages, reports);
            }
            Server.combine(messages, attack, reference.aggregator(), s.aggregator(), i -> in.random("attack " + i),
                    update);
        }
        return reference.finishRound(in, s, params, update, reports, outputs, positions);
    }

    @Override
    public Map<String, Double> metrics(OptState state) {
        return reference.metrics(state);
    }

    @Override
    public String describe() {
        return reference.describe();
    }

    /** Releases the shards' broadcasts. */
    public void release() {
        for (Broadcast<WorkerShard> b : shards) {
            b.destroy();
        }
    }
}
