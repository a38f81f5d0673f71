package dev.gradus.distributed;

import dev.gradus.distributed.coding.GradientCode;
import dev.gradus.nn.Module;
import dev.gradus.optim.Capability;
import dev.gradus.optim.Counter;
import dev.gradus.optim.MutableScalar;
import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Synchronous data-parallel training as a {@link TrainStep}: one Trainer batch is one round of {@code N} workers.
 *
 * <p><b>A round.</b> Worker {@code i} owns the shard {@code shard(i, N)} (the examples {@code j} with
 * {@code j mod N == i}) and takes from the round's batch the examples of its shard (the {@code workers(count=N)}
 * sampler makes each batch exactly one shard batch per worker). Each worker computes the mean gradient of its
 * slice and compresses it ({@link Worker#compute}); the last {@code f} workers are Byzantine when an
 * {@link Attack} is set, and their messages are forged from the honest ones; the {@link Aggregator} combines the
 * messages in worker order; the optimizer applies the result as the round's gradient. The optimizer sees only
 * that gradient and the step's random stream: the objective at other points exists only spread over workers.
 *
 * <p><b>Determinism.</b> Workers run on an {@link InProcessEngine}; each writes only its own message, and
 * everything that combines messages runs afterwards in worker order, so 1 thread and 4 threads give the same
 * bits. Each worker's randomness is {@code random("worker i")} of the step: a function of the seed, the worker
 * and the step. More than one thread needs model replicas ({@link Builder#replicas}), since a model binds its
 * parameters during a functional call; models with dropout streams or buffers (BatchNorm) are refused then,
 * because replicas could not share them.
 *
 * <p>A {@link CollectiveCompressor} (PowerSGD) encodes with all-reduces inside the round: the workers' gradients
 * are computed in parallel, then its round runs on the caller's thread in worker order.
 *
 * <p><b>State</b> ({@link State}): every worker's compressor state (residuals, momenta), the aggregator's state,
 * the rounds, the bytes sent and their dense equivalent, and the simulated time. It is step state, so it is in
 * every checkpoint and a resumed run continues bit for bit. The number of threads is not part of the run's
 * identity: a run checkpointed with 4 threads may resume with 1.
 *
 * <p><b>Time.</b> Worker {@code i}'s compute time in a round is {@code base + Exp(mean_delay)} seconds, drawn from
 * the round's stream {@code "compute time"}; the round takes the slowest worker's time plus the largest
 * message's transfer time at {@code bandwidth} bytes per second. Epoch metrics report the simulated seconds,
 * the megabytes sent and the compression ratio.
 */
public final class DataParallelStep implements TrainStep {
    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(EnumSet.of(Capability.RANDOM));

    private final int workers;
    private final Compressor compressor;
    private final Aggregator aggregator;
    private final Attack attack;
    private final InProcessEngine engine;
    private final Supplier<Module> replicaFactory;
    private final double baseSeconds;
    private final double meanDelaySeconds;
    private final double bandwidth;
    private final GradientCode code;
    private final List<Module> replicas = new ArrayList<>();

    /**
     * The step's state.
     *
     * @param workers each worker's compressor state, in worker order
     * @param aggregator the aggregator's state
     * @param rounds the rounds taken
     * @param bytesSent the bytes of every message sent
     * @param bytesDense the bytes those messages would take uncompressed
     * @param simulatedSeconds the simulated time of the rounds
     */
    public record State(List<OptState> workers, OptState aggregator, Counter rounds, Counter bytesSent,
            Counter bytesDense, MutableScalar simulatedSeconds) implements OptState {}

    private DataParallelStep(Builder b) {
        this.workers = b.workers;
        this.compressor = b.compressor;
        this.aggregator = b.aggregator;
        this.attack = b.attack;
        this.engine = new InProcessEngine(b.threads);
        this.replicaFactory = b.replicas;
        this.baseSeconds = b.baseSeconds;
        this.meanDelaySeconds = b.meanDelaySeconds;
        this.bandwidth = b.bandwidth;
        this.code = b.code;
        if (code != null) {
            if (code.workers() != workers) {
                throw new IllegalArgumentException("data_parallel: the gradient code " + code + " is for "
                        + code.workers() + " workers, not " + workers);
            }
            if (!(compressor instanceof NoCompression) || !(aggregator instanceof MeanAggregator) || attack != null) {
                throw new IllegalArgumentException("data_parallel: a gradient code decodes the exact sum of dense"
                        + " gradients; it takes no compressor, attack or aggregator other than none and mean");
            }
        }
        // Rules that cannot work with this many messages (krum(f=3) of 4) are refused now, not at the first step.
        aggregator.aggregate(new double[workers][1], aggregator.init(1), new double[1]);
        if (attack != null && attack.byzantine() >= workers) {
            throw new IllegalArgumentException("data_parallel: the attack's f=" + attack.byzantine()
                    + " Byzantine workers must be fewer than the " + workers + " workers");
        }
    }

    /** A new builder (one worker, no compression, mean, one thread). */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of workers. */
    public int workers() {
        return workers;
    }

    /** Every worker's compressor. */
    public Compressor compressor() {
        return compressor;
    }

    /** The server's aggregator. */
    public Aggregator aggregator() {
        return aggregator;
    }

    /** The Byzantine workers' attack, or null when every worker is honest. */
    public Attack attack() {
        return attack;
    }

    /** The gradient code, or null for plain rounds. */
    public GradientCode gradientCode() {
        return code;
    }

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public State init(TensorMap params) {
        List<OptState> ws = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            ws.add(compressor.init(params));
        }
        return new State(ws, aggregator.init(Math.toIntExact(params.numel())), new Counter(), new Counter(),
                new Counter(), new MutableScalar(0.0));
    }

    @Override
    public StepOutcome run(StepInput in) {
        if (code != null) {
            return runCoded(in);
        }
        State s = (State) in.state();
        TensorMap params = in.params();
        int n = workers;
        int byz = attack == null ? 0 : attack.byzantine();
        int[][] positions = slices(in.batch().indices(), n);
        Tensor input = in.input();
        Tensor y = in.batch().y();
        GradientOracle[] oracles = oracles(in, byz);
        RandomStream[] streams = new RandomStream[n];
        TensorMap[] messages = new TensorMap[n];
        Tensor[][] outputs = new Tensor[n][1];
        // Uncompressed messages are the gradients themselves: no copy.
        boolean plain = compressor instanceof NoCompression;
        for (int i = 0; i < n; i++) {
            streams[i] = in.random("worker " + i);
            messages[i] = plain ? null : params.zerosLike();
        }
        Worker.Report[] reports = new Worker.Report[n];
        long step = in.step();
        boolean collective = compressor instanceof CollectiveCompressor;
        TensorMap[] grads = collective ? new TensorMap[n] : messages;
        Compressor local = collective ? NoCompression.of() : compressor;
        engine.run(n, (lane, i) -> {
            boolean flips = i >= n - byz && attack.flipsLabels();
            GradientOracle oracle = oracles[flips ? engine.threads() + lane : lane];
            if (collective) {
                grads[i] = params.zerosLike();
            }
            if (plain) {
                Worker.Gradient g = Worker.gradient(oracle, params, input.indexSelect(positions[i]),
                        y.indexSelect(positions[i]), outputs[i]);
                messages[i] = g.gradient();
                long bytes = Compressor.denseBytes(g.gradient());
                reports[i] = new Worker.Report(g.loss(), g.examples(), bytes, bytes);
                return;
            }
            reports[i] = Worker.compute(oracle, params, input.indexSelect(positions[i]), y.indexSelect(positions[i]),
                    local, s.workers().get(i), step, streams[i], grads[i], outputs[i]);
        });
        if (collective) {
            collectiveRound(in, s, grads, messages, reports);
        }

        TensorMap update = params.zerosLike();
        Server.combine(messages, attack, aggregator, s.aggregator(), i -> in.random("attack " + i), update);
        return finishRound(in, s, params, update, reports, outputs, positions);
    }

    /**
     * The round of a {@link CollectiveCompressor} (PowerSGD) on the driver: from the workers' gradients {@code grads}
     * it writes every worker's message into {@code messages}, and each report's bytes become the round's. Another
     * engine that collected the gradients runs it here too.
     */
    public void collectiveRound(StepInput in, State s, TensorMap[] grads, TensorMap[] messages,
                                Worker.Report[] reports) {
        long[] sent = ((CollectiveCompressor) compressor).round(grads, s.workers().toArray(new OptState[0]),
                in.step(), in.random("shared"), messages);
        for (int i = 0; i < reports.length; i++) {
            Worker.Report r = reports[i];
            reports[i] = new Worker.Report(r.loss(), r.examples(), sent[i], r.denseBytes());
        }
    }

    /**
     * The end of a round, after the messages are combined into {@code update}: checks it, takes the optimizer
     * step with the examples' mean loss, counts the round's bytes and simulated time, and scatters the outputs
     * back to batch order. Another engine that combined the same messages ends its round here too.
     */
    public StepOutcome finishRound(StepInput in, State s, TensorMap params, TensorMap update, Worker.Report[] reports,
                                   Tensor[][] outputs, int[][] positions) {
        in.checkGradients(update);

        double lossSum = 0;
        int examples = 0;
        long sent = 0;
        long dense = 0;
        long largest = 0;
        for (Worker.Report r : reports) {
            lossSum += r.loss() * r.examples();
            examples += r.examples();
            sent += r.bytes();
            dense += r.denseBytes();
            largest = Math.max(largest, r.bytes());
        }
        double loss = examples == 0 ? 0.0 : lossSum / examples;
        in.checkLoss(loss);
        in.optimizer().step(params, update, in.optimizerState(),
                in.context(loss).lossFunction(null).objective(null).hvp(null).perSample(null).build());

        s.rounds().increment();
        s.bytesSent().set(s.bytesSent().get() + sent);
        s.bytesDense().set(s.bytesDense().get() + dense);
        s.simulatedSeconds().set(s.simulatedSeconds().get() + roundSeconds(in.random("compute time"), largest));
        return new StepOutcome(loss, scatter(outputs, positions, in.batch().size()), examples);
    }

    /**
     * A round under a gradient code: partition {@code p} is shard {@code p}'s slice of the batch; worker {@code i}
     * computes the mean gradients of the partitions in its row's support and sends {@code sum_p B[i][p] g_p}. The
     * master takes the {@code n - s} workers that finish first in simulated time (each computes {@code s + 1}
     * partitions, {@code (s + 1) base} seconds, plus its exponential delay, a stall that does not grow with the work),
     * decodes {@code sum_p g_p} and applies its mean over partitions, which equals the uncoded mean
     * up to the rounding of the decoding coefficients. The round lasts until the {@code (n - s)}-th worker.
     */
    private StepOutcome runCoded(StepInput in) {
        State s = (State) in.state();
        TensorMap params = in.params();
        int n = workers;
        int[][] positions = slices(in.batch().indices(), n);
        Tensor input = in.input();
        Tensor y = in.batch().y();
        GradientOracle[] oracles = oracles(in, 0);
        TensorMap[] messages = new TensorMap[n];
        double[][] partLoss = new double[n][n];
        Tensor[][][] outputs = new Tensor[n][n][1];
        engine.run(n, (lane, i) -> {
            double[] b = code.coefficients(i);
            TensorMap m = params.zerosLike();
            for (int p : code.partitions(i)) {
                TensorMap g = params.zerosLike();
                Worker.Report r = Worker.compute(oracles[lane], params, input.indexSelect(positions[p]),
                        y.indexSelect(positions[p]), NoCompression.of(), TrainStep.NoStepState.INSTANCE, in.step(),
                        null, g, outputs[i][p]);
                partLoss[i][p] = r.loss();
                m.forEach((name, t) -> t.assign(t.add(g.get(name).mul(b[p]))));
            }
            messages[i] = m;
        });
        RandomStream times = in.random("compute time");
        double[] finish = new double[n];
        for (int i = 0; i < n; i++) {
            double delay = meanDelaySeconds == 0 ? 0.0 : -meanDelaySeconds * Math.log(1.0 - times.uniform());
            finish[i] = (code.stragglers() + 1) * baseSeconds + delay; // the work grows with the load, a stall does not
        }
        int[] order = Vectors.argsort(finish);
        int[] arrived = java.util.Arrays.copyOf(order, n - code.stragglers());
        java.util.Arrays.sort(arrived);
        double[] a = code.decoder(arrived);
        TensorMap update = params.zerosLike();
        double inv = 1.0 / n;
        update.forEach((name, u) -> {
            double[] out = u.data();
            for (int j = 0; j < arrived.length; j++) {
                double[] src = messages[arrived[j]].get(name).data();
                double c = a[j] * inv;
                for (int k = 0; k < out.length; k++) {
                    out[k] += c * src[k];
                }
            }
            u.markModified();
        });
        in.checkGradients(update);
        double lossSum = 0;
        int examples = 0;
        Tensor[][] firstOutputs = new Tensor[n][1];
        for (int p = 0; p < n; p++) {
            int holder = -1;
            for (int i = 0; i < n && holder < 0; i++) {
                if (code.coefficients(i)[p] != 0) {
                    holder = i;
                }
            }
            lossSum += partLoss[holder][p] * positions[p].length;
            examples += positions[p].length;
            firstOutputs[p] = outputs[holder][p];
        }
        double loss = examples == 0 ? 0.0 : lossSum / examples;
        in.checkLoss(loss);
        in.optimizer().step(params, update, in.optimizerState(),
                in.context(loss).lossFunction(null).objective(null).hvp(null).perSample(null).build());
        long bytes = (long) arrived.length * Compressor.denseBytes(params);
        s.rounds().increment();
        s.bytesSent().set(s.bytesSent().get() + bytes);
        s.bytesDense().set(s.bytesDense().get() + bytes);
        s.simulatedSeconds().set(s.simulatedSeconds().get() + finish[order[n - code.stragglers() - 1]]
                + Compressor.denseBytes(params) / bandwidth);
        return new StepOutcome(loss, scatter(firstOutputs, positions, in.batch().size()), examples);
    }

    /** Worker {@code i}'s positions in the batch: those whose example index is {@code i mod n}, in batch order. */
    public static int[][] slices(int[] indices, int n) {
        int[] counts = new int[n];
        for (int j : indices) {
            counts[j % n]++;
        }
        int[][] out = new int[n][];
        for (int i = 0; i < n; i++) {
            out[i] = new int[counts[i]];
        }
        int[] fill = new int[n];
        for (int p = 0; p < indices.length; p++) {
            int w = indices[p] % n;
            out[w][fill[w]++] = p;
        }
        return out;
    }

    /** Lanes {@code 0..T-1}: honest oracles on replicas; lanes {@code T..2T-1}: label-flipping ones. */
    private GradientOracle[] oracles(StepInput in, int byz) {
        int t = engine.threads();
        if (t > 1 && replicas.isEmpty()) {
            if (replicaFactory == null) {
                throw new IllegalStateException("data_parallel: threads=" + t + " needs model replicas "
                        + "(DataParallelStep.builder().replicas(...)): a model cannot be shared between threads");
            }
            if (!in.model().randomStates().isEmpty() || in.model().namedBuffers().size() > 0) {
                throw new IllegalStateException("data_parallel: threads=" + t + " cannot train a model with random "
                        + "layers or buffers " + in.model().randomStates().keySet() + in.model().namedBuffers().names()
                        + "; use threads=1");
            }
            replicas.add(in.model());
            for (int l = 1; l < t; l++) {
                replicas.add(replicaFactory.get());
            }
        }
        GradientOracle[] out = new GradientOracle[2 * t];
        for (int l = 0; l < t; l++) {
            Module m = t == 1 ? in.model() : replicas.get(l);
            m.train(in.model().isTraining());
            out[l] = new ModelOracle(m, in.loss(), false);
            out[t + l] = byz > 0 && attack.flipsLabels() ? new ModelOracle(m, in.loss(), true) : null;
        }
        return out;
    }

    /**
     * The simulated seconds of a round whose largest message is {@code largestMessage} bytes: the slowest
     * worker's {@code base + Exp(mean_delay)} (drawn from {@code rng}, the round's {@code "compute time"} stream)
     * plus the transfer time at the bandwidth. Public so that another engine books the same time.
     */
    public double roundSeconds(RandomStream rng, long largestMessage) {
        double slowest = 0;
        for (int i = 0; i < workers; i++) {
            double delay = meanDelaySeconds == 0 ? 0.0 : -meanDelaySeconds * Math.log(1.0 - rng.uniform());
            slowest = Math.max(slowest, baseSeconds + delay);
        }
        return slowest + largestMessage / bandwidth;
    }

    /**
     * The workers' output rows ({@code outputs[i][0]}, may be null) put back at their batch {@code positions}, for
     * the epoch's accuracy; null when no worker produced output.
     */
    public static Tensor scatter(Tensor[][] outputs, int[][] positions, int size) {
        int cols = -1;
        for (Tensor[] o : outputs) {
            if (o[0] != null) {
                cols = o[0].size() / o[0].dim(0);
                break;
            }
        }
        if (cols < 0) {
            return null;
        }
        double[] all = new double[size * cols];
        for (int i = 0; i < outputs.length; i++) {
            if (outputs[i][0] == null) {
                continue;
            }
            double[] src = outputs[i][0].data();
            for (int r = 0; r < positions[i].length; r++) {
                System.arraycopy(src, r * cols, all, positions[i][r] * cols, cols);
            }
        }
        return Tensor.of(all, size, cols);
    }

    @Override
    public Map<String, Double> metrics(OptState state) {
        State s = (State) state;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("mb_sent", s.bytesSent().get() / 1e6);
        m.put("compression", s.bytesSent().get() == 0 ? 1.0 : (double) s.bytesDense().get() / s.bytesSent().get());
        m.put("sim_seconds", s.simulatedSeconds().get());
        return m;
    }

    @Override
    public String describe() {
        return "data_parallel(workers=" + workers + ", compressor=" + Specs.print(compressor) + ", aggregator="
                + Specs.print(aggregator) + (attack == null ? "" : ", attack=" + Specs.print(attack))
                + (code == null ? "" : ", gradient_code=" + code)
                + ", compute_time=(" + baseSeconds + ", " + meanDelaySeconds + "), bandwidth=" + bandwidth + ")";
    }

    /** Builds a {@link DataParallelStep}. */
    public static final class Builder {
        private int workers = 1;
        private Compressor compressor = NoCompression.of();
        private Aggregator aggregator = MeanAggregator.of();
        private Attack attack;
        private int threads = 1;
        private Supplier<Module> replicas;
        private double baseSeconds = 1.0;
        private double meanDelaySeconds = 0.0;
        private double bandwidth = 1.25e9;
        private GradientCode code;

        private Builder() {}

        /** The number of workers {@code N} (at least 1). */
        public Builder workers(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("data_parallel: workers=" + n + " must be at least 1");
            }
            this.workers = n;
            return this;
        }

        /** Every worker's compressor (default {@code none}). */
        public Builder compressor(Compressor c) {
            this.compressor = Objects.requireNonNull(c, "compressor");
            return this;
        }

        /** Every worker's compressor, as a spec such as {@code topk(density=0.01)}. */
        public Builder compressor(String spec) {
            return compressor(Compressor.COMPRESSORS.parse(spec));
        }

        /** The server's aggregator (default {@code mean}). */
        public Builder aggregator(Aggregator a) {
            this.aggregator = Objects.requireNonNull(a, "aggregator");
            return this;
        }

        /** The server's aggregator, as a spec such as {@code trimmed_mean(f=2)}. */
        public Builder aggregator(String spec) {
            return aggregator(Aggregator.AGGREGATORS.parse(spec));
        }

        /** The Byzantine workers' attack (default none: every worker is honest). */
        public Builder attack(Attack a) {
            this.attack = a;
            return this;
        }

        /** The Byzantine workers' attack, as a spec such as {@code alie(f=2)}; null or empty for none. */
        public Builder attack(String spec) {
            return attack(spec == null || spec.isBlank() ? null : Attack.ATTACKS.parse(spec));
        }

        /** The threads of the in-process engine (default 1); does not change any result. */
        public Builder threads(int t) {
            if (t < 1) {
                throw new IllegalArgumentException("data_parallel: threads=" + t + " must be at least 1");
            }
            this.threads = t;
            return this;
        }

        /** Makes model replicas of the trainer's architecture for the threads beyond the first. */
        public Builder replicas(Supplier<Module> factory) {
            this.replicas = factory;
            return this;
        }

        /** Simulated compute time per worker and round: {@code base + Exp(meanDelay)} seconds. */
        public Builder computeTime(double base, double meanDelay) {
            if (!(base >= 0) || !(meanDelay >= 0)) {
                throw new IllegalArgumentException("data_parallel: compute time base=" + base + " and mean_delay="
                        + meanDelay + " must be at least 0");
            }
            this.baseSeconds = base;
            this.meanDelaySeconds = meanDelay;
            return this;
        }

        /** Simulated link bandwidth in bytes per second (default 1.25e9, 10 Gbit/s). */
        public Builder bandwidth(double bytesPerSecond) {
            if (!(bytesPerSecond > 0)) {
                throw new IllegalArgumentException("data_parallel: bandwidth=" + bytesPerSecond + " must be above 0");
            }
            this.bandwidth = bytesPerSecond;
            return this;
        }

        /**
         * Straggler-tolerant rounds under a gradient code for {@code workers} workers (with no compressor,
         * attack or robust aggregator): the master waits for the first {@code n - s} in simulated time.
         */
        public Builder gradientCode(GradientCode c) {
            this.code = c;
            return this;
        }

        /** The step. */
        public DataParallelStep build() {
            return new DataParallelStep(this);
        }
    }
}
