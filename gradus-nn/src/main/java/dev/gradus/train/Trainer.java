package dev.gradus.train;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Hvp;
import dev.gradus.autodiff.Var;
import dev.gradus.data.Batch;
import dev.gradus.data.DataLoader;
import dev.gradus.data.Dataset;
import dev.gradus.data.SamplerSpec;
import dev.gradus.data.ShuffleSampler;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.nn.PerSampleGradients;
import dev.gradus.optim.Capability;
import dev.gradus.optim.Counted;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.PerSample;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training loop: mini-batch gradient steps of a {@link Module} under a {@link Loss} with any
 * {@link GradientTransformation}, epoch after epoch, with per-epoch metrics, callbacks, progress, a guard
 * against non-finite values, and checkpoints that resume bit for bit.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder()
 *         .model(Mlp.builder(64).hidden(128).outputs(10).build(RandomStream.of(7).fork("init")))
 *         .loss(new CrossEntropyLoss())
 *         .optimizer("adam(lr=1e-3)")
 *         .data(split.train(), split.validation())
 *         .epochs(20).batchSize(32).seed(7)
 *         .callbacks(EarlyStopping.on("val_loss", 3))
 *         .checkpoint(Path.of("runs/digits"), 500)
 *         .build();
 * TrainingHistory h = trainer.fit();                 // or trainer.resume() after an interruption
 * Evaluation test = trainer.evaluate(split.test());
 * }</pre>
 *
 * <p><b>One step</b> is what the {@link TrainStep} does with a batch ({@link Builder#step}); the standard one
 * forwards the batch in training mode, takes the loss, the gradients by parameter name, the non-finite guard
 * ({@link NonFiniteGuard}), then {@link GradientTransformation#step} with a {@link StepContext} that offers the
 * batch's objective at any parameters, its Hessian-vector products and a seeded random stream, so SAM, L-BFGS
 * and their compositions train like any optimizer (the epoch's loss and accuracy count the first evaluation).
 * An optimizer that needs more than the step offers is refused when the trainer is built. Before each step the
 * step may stop training (a privacy budget). <b>An epoch</b> is the batches of the {@link SamplerSpec sampler}
 * ({@link Builder#sampler}; by default a fresh shuffle per epoch in batches of {@link Builder#batchSize}); then
 * the validation set is evaluated ({@link #evaluate}), the step and the callbacks add their values, the epoch
 * joins the history, and callbacks may stop training.
 *
 * <p><b>Reproducibility.</b> Given the same model (initialised from the same seed), optimizer, data and
 * seed, two runs produce the same bits. Each batch depends only on the seed, the epoch and its index; the
 * model's random streams (dropout), the optimizer state and the step's state are saved in the checkpoint; evaluation draws no random
 * numbers and changes no state. So training 10 epochs, or training 5, stopping, and resuming for 5 more,
 * give identical weights.
 *
 * <p><b>Checkpoints</b> ({@link CheckpointFile}) are written every {@code checkpointEvery} steps, at the end
 * of every epoch and when training ends, into the checkpoint directory; {@link #resume()} continues from
 * there up to the configured number of epochs.
 */
public final class Trainer implements TrainingContext {
    private final Module model;
    private final Loss loss;
    private final GradientTransformation optimizer;
    private final Dataset train;
    private final Dataset validation;
    private final int epochs;
    private final int batchSize;
    private final long seed;
    private final boolean dropLast;
    private final int[] inputShape;
    private final List<Callback> callbacks;
    private final Progress progress;
    private final Path checkpointDir;
    private final long checkpointEvery;
    private final Map<String, String> identity;
    private final DataLoader loader;
    private final TensorMap params;
    private final TrainStep trainStep;
    private final DivergenceGuard divergence;

    private OptState optState;
    private OptState stepState;
    private long step;
    private int epoch;
    private int batch;
    private double lossSum;
    private long correct;
    private long seen;
    private double seconds;
    private String stopReason;
    private TrainingHistory history = new TrainingHistory();
    private boolean started;
    private double lastLoss;

    private Trainer(Builder b) {
        this.model = Objects.requireNonNull(b.model, "Trainer: model is not set");
        this.loss = Objects.requireNonNull(b.loss, "Trainer: loss is not set");
        this.optimizer = Objects.requireNonNull(b.optimizer, "Trainer: optimizer is not set");
        this.train = Objects.requireNonNull(b.train, "Trainer: training data is not set");
        if (train.size() == 0) {
            throw new IllegalArgumentException("Trainer: the training data " + train.name() + " has no samples");
        }
        this.validation = b.validation == null || b.validation.size() == 0 ? null : b.validation;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
        this.dropLast = b.dropLast;
        this.inputShape = b.inputShape == null ? new int[] {train.numFeatures()} : b.inputShape.clone();
        if (Arrays.stream(inputShape).asLongStream().reduce(1, (x, y) -> x * y) != train.numFeatures()) {
            throw new IllegalArgumentException("Trainer: input shape " + Arrays.toString(inputShape) + " does not hold the "
                    + train.numFeatures() + " features of " + train.name());
        }
        this.callbacks = List.copyOf(b.callbacks);
        this.progress = b.progress;
        this.checkpointDir = b.checkpointDir;
        this.checkpointEvery = b.checkpointEvery;
        SamplerSpec sampling = b.sampler != null ? b.sampler : ShuffleSampler.of(batchSize, dropLast);
        this.loader = DataLoader.of(train, sampling.bind(train.size(), RandomStream.of(seed).fork("data order")));
        if (loader.batchesPerEpoch() == 0) {
            throw new IllegalArgumentException("Trainer: " + train.size() + " training samples make no batch with "
                    + loader.sampler().describe());
        }
        this.params = model.namedParameters();
        this.trainStep = b.step;
        this.divergence = b.divergenceFactor == 0 ? null : new DivergenceGuard(b.divergenceFactor);
        Requirement.check(optimizer, trainStep.offers(), "the Trainer's " + trainStep.describe() + " step");
        if (optimizer.requirements().stream().anyMatch(r -> r.capability() == Capability.PER_SAMPLE)) {
            PerSampleGradients.of(model, loss).requireSupported();
        }
        Map<String, String> id = new LinkedHashMap<>();
        id.put("optimizer", Specs.printable(optimizer) ? Specs.print(optimizer) : optimizer.getClass().getName());
        id.put("seed", Long.toString(seed));
        id.put("batch_size", Integer.toString(batchSize));
        id.put("drop_last", Boolean.toString(dropLast));
        id.put("input_shape", Arrays.toString(inputShape));
        id.put("train_data", fingerprint(train));
        // Every batch is a pure function of the sampler's seed state, the epoch and the batch index, so recording
        // the sampler both saves the data-order randomness and refuses a resume that would sample differently.
        id.put("sampler", loader.sampler().describe());
        id.put("train_step", trainStep.describe());
        id.putAll(b.identity);
        this.identity = id;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Trains from the model's current weights and a fresh optimizer state, up to the configured epochs. */
    public TrainingHistory fit() throws IOException {
        requireFresh();
        optState = optimizer.init(params);
        stepState = trainStep.init(params);
        return run();
    }

    /**
     * Loads the checkpoint from the checkpoint directory and trains on up to the configured number of epochs
     * in total. A checkpoint of a run that had already stopped early, or reached the epochs, only reports.
     *
     * @throws CheckpointException when the checkpoint is missing, damaged or from another run; nothing is
     *     changed then
     */
    public TrainingHistory resume() throws IOException {
        requireFresh();
        if (checkpointDir == null) {
            throw new IllegalStateException("Trainer.resume: no checkpoint directory was configured");
        }
        Checkpoint c = CheckpointFile.load(checkpointDir, model.stateDict(), model.randomStates().keySet(), optimizer,
                params, identity, trainStep.init(params));
        requireConsistent(c);
        if (c.epoch() > epochs) {
            throw new IllegalArgumentException("the run in " + checkpointDir + " has already trained " + c.epoch()
                    + " epochs, more than the " + epochs + " asked for; resuming cannot undo epochs: ask for more than "
                    + c.epoch() + " epochs to continue it (or " + c.epoch() + " to only report it)");
        }
        model.loadStateDict(c.model());
        model.loadRandomStates(c.randomStates());
        optState = c.optimizerState();
        stepState = c.stepState();
        step = c.step();
        epoch = c.epoch();
        batch = c.batch();
        lossSum = c.lossSum();
        correct = c.correct();
        seen = c.seen();
        seconds = c.seconds();
        stopReason = c.stopReason();
        history = new TrainingHistory(c.history());
        if (stopReason != null) {
            progress.message("training had stopped at epoch " + epoch + ": " + stopReason);
        }
        return run();
    }

    /**
     * Refuses a checkpoint whose counters disagree: its epoch must be the number of epochs in its history, and
     * its step the step at which the last of them ended plus the batches taken since, fewer than an epoch's.
     * With the standard step, an optimizer state that counts its updates ({@link Counted}) must count as many
     * as the trainer's steps. A file that passes its hash yet fails this was edited and re-signed, or written
     * by a faulty build.
     */
    private void requireConsistent(Checkpoint c) throws CheckpointException {
        long ended = c.history().isEmpty() ? 0 : c.history().get(c.history().size() - 1).step();
        String problem = null;
        if (c.epoch() != c.history().size()) {
            problem = "its epoch counter is " + c.epoch() + " but its history holds " + c.history().size() + " epochs";
        } else if (c.batch() > loader.batchesPerEpoch()) {
            problem = "its batch counter is " + c.batch() + " but an epoch has " + loader.batchesPerEpoch() + " batches";
        } else if (c.step() != ended + c.batch()) {
            problem = "its step counter is " + c.step() + " but its last epoch ended at step " + ended + " and "
                    + c.batch() + " batches followed, which makes " + (ended + c.batch());
        }
        if (problem == null && trainStep instanceof StandardStep && c.optimizerState() instanceof Counted counted
                && counted.count().get() != c.step()) {
            // The standard step updates the optimizer exactly once per step, and a counted state counts updates.
            problem = "its trainer has taken " + c.step() + " steps but its optimizer state counts "
                    + counted.count().get() + " updates";
        }
        if (problem != null) {
            throw new CheckpointException("checkpoint " + CheckpointFile.path(checkpointDir) + " is inconsistent: "
                    + problem + "; it was edited or written by a faulty build, and is refused");
        }
    }

    private void requireFresh() {
        if (started) {
            throw new IllegalStateException("Trainer: fit() or resume() was already called; build a new trainer");
        }
        started = true;
    }

    private TrainingHistory run() throws IOException {
        for (Callback cb : callbacks) {
            cb.onTrainBegin(this);
        }
        int perEpoch = loader.batchesPerEpoch();
        while (epoch < epochs && stopReason == null) {
            long t0 = System.nanoTime();
            progress.epochBegin(epoch + 1, epochs, batch, perEpoch);
            model.train();
            for (Batch b : loader.epoch(epoch, batch)) {
                String refused = trainStep.stopBefore(stepState, step + 1);
                if (refused != null) {
                    requestStop(refused);
                    break;
                }
                trainStep(b);
                for (Callback cb : callbacks) {
                    cb.onStepEnd(this, lastLoss);
                }
                progress.batchEnd(batch, lossSum / seen, seen == 0 || !train.isClassification() ? Double.NaN
                        : (double) correct / seen);
                if (checkpointEvery > 0 && step % checkpointEvery == 0 && batch < perEpoch) {
                    seconds += elapsed(t0);
                    t0 = System.nanoTime();
                    saveCheckpoint();
                }
            }
            Evaluation val = validation == null ? Evaluation.NONE : evaluate(validation);
            seconds += elapsed(t0);
            Map<String, Double> extras = new LinkedHashMap<>(trainStep.metrics(stepState));
            for (Callback cb : callbacks) {
                cb.addMetrics(this, extras);
            }
            EpochMetrics m = new EpochMetrics(epoch + 1, step, lossSum / seen,
                    train.isClassification() ? (double) correct / seen : Double.NaN, val.loss(), val.accuracy(), seconds,
                    extras);
            history.add(m);
            epoch++;
            batch = 0;
            lossSum = 0;
            correct = 0;
            seen = 0;
            for (Callback cb : callbacks) {
                cb.onEpochEnd(this, m);
            }
            progress.epochEnd(m, epochs);
            if (stopReason != null) {
                progress.message("stopping: " + stopReason);
            }
            saveCheckpoint();
        }
        for (Callback cb : callbacks) {
            cb.onTrainEnd(this);
        }
        return history;
    }

    private void trainStep(Batch b) {
        long next = step + 1;
        StepOutcome o = trainStep.run(new Input(b, next));
        double lv = o.loss();
        Tensor out = o.output();
        step = next;
        batch++;
        lastLoss = lv;
        if (divergence != null && o.examples() > 0) {
            divergence.observe(lv, step, epoch + 1, batch, params);
        }
        lossSum += lv * o.examples();
        seen += o.examples();
        if (train.isClassification() && out != null) {
            correct += countCorrect(out, b.y());
        }
    }

    /** What a {@link TrainStep} sees of this trainer for one batch. */
    private final class Input implements StepInput {
        private final Batch batch;
        private final long next;
        private final Tensor x;

        Input(Batch batch, long next) {
            this.batch = batch;
            this.next = next;
            this.x = Trainer.this.input(batch);
        }

        @Override
        public Module model() {
            return model;
        }

        @Override
        public Loss loss() {
            return loss;
        }

        @Override
        public TensorMap params() {
            return params;
        }

        @Override
        public GradientTransformation optimizer() {
            return optimizer;
        }

        @Override
        public OptState optimizerState() {
            return optState;
        }

        @Override
        public Batch batch() {
            return batch;
        }

        @Override
        public Tensor input() {
            return x;
        }

        @Override
        public long step() {
            return next;
        }

        @Override
        public OptState state() {
            return stepState;
        }

        @Override
        public RandomStream random(String purpose) {
            return RandomStream.of(seed).fork("train step").fork(purpose).fork(Long.toString(next));
        }

        @Override
        public void checkLoss(double v) {
            NonFiniteGuard.checkLoss(v, next, epoch + 1, batch.index() + 1);
        }

        @Override
        public void checkGradients(TensorMap g) {
            NonFiniteGuard.checkGradients(g, next, epoch + 1, batch.index() + 1);
        }

        /**
         * The batch's loss, loss and gradient, and Hessian-vector products at any parameters, guarded like the
         * step's own; its per-example gradients at the current parameters (one backward pass, on first use; a
         * second forward, so a model with dropout draws new masks for it); and a random stream that is a function
         * of the seed and the step, so a resumed run draws the same numbers.
         */
        @Override
        public StepContext.Builder context(double lv) {
            boolean empty = batch.size() == 0;
            return StepContext.builder().loss(lv)
                    .lossFunction(at -> {
                        if (empty) {
                            return 0.0;
                        }
                        try (GradMode.Scope ignored = GradMode.noGrad()) {
                            double v = loss.apply(model.call(bind(at), Var.constant(x)), batch.y()).item();
                            checkLoss(v);
                            return v;
                        }
                    })
                    .objective((at, grad) -> {
                        if (empty) {
                            grad.forEach((name, t) -> t.fill(0));
                            return 0.0;
                        }
                        Map<String, Var> bound = bind(at);
                        Var l = loss.apply(model.call(bound, Var.constant(x)), batch.y());
                        double v = l.item();
                        checkLoss(v);
                        TensorMap g = Autodiff.grad(l, bound);
                        checkGradients(g);
                        g.forEach((name, t) -> grad.get(name).assign(t));
                        return v;
                    })
                    .hvp((at, v, out) -> {
                        if (empty) {
                            out.forEach((name, t) -> t.fill(0));
                            return;
                        }
                        Map<String, Var> bound = bind(at);
                        Var l = loss.apply(model.call(bound, Var.constant(x)), batch.y());
                        List<Var> wrt = new ArrayList<>(bound.values());
                        List<Tensor> vs = new ArrayList<>(wrt.size());
                        bound.keySet().forEach(name -> vs.add(v.get(name)));
                        List<Tensor> hv = Hvp.hvp(l, wrt, vs);
                        int k = 0;
                        for (String name : bound.keySet()) {
                            out.get(name).assign(hv.get(k++));
                        }
                    })
                    .perSample(() -> empty ? noExamples() : PerSampleGradients.of(model, loss).compute(x, batch.y()))
                    .random(RandomStream.of(seed).fork("optimizer").fork(Long.toString(next)));
        }

        /** The per-example view of an empty batch: no examples, zero sums. */
        private PerSample noExamples() {
            return new PerSample() {
                @Override
                public int size() {
                    return 0;
                }

                @Override
                public Tensor losses() {
                    return Tensor.zeros(0);
                }

                @Override
                public TensorMap gradients() {
                    TensorMap out = new TensorMap();
                    params.forEach((name, p) -> {
                        int[] shape = new int[p.rank() + 1];
                        System.arraycopy(p.shape(), 0, shape, 1, p.rank());
                        out.put(name, Tensor.zeros(shape));
                    });
                    return out;
                }

                @Override
                public Map<String, double[]> parameterNorms() {
                    Map<String, double[]> out = new LinkedHashMap<>();
                    params.forEach((name, p) -> out.put(name, new double[0]));
                    return out;
                }

                @Override
                public double[] norms() {
                    return new double[0];
                }

                @Override
                public TensorMap weightedSum(double[] weights) {
                    return params.zerosLike();
                }
            };
        }
    }

    private static Map<String, Var> bind(TensorMap at) {
        Map<String, Var> bound = new LinkedHashMap<>();
        at.forEach((name, t) -> bound.put(name, Var.param(t)));
        return bound;
    }

    /**
     * The mean loss and the accuracy of the model on {@code data}, in evaluation mode and without recording a
     * graph. The model's mode is restored afterwards; no random number is drawn and no state changes.
     */
    public Evaluation evaluate(Dataset data) {
        if (data == null || data.size() == 0) {
            return Evaluation.NONE;
        }
        boolean wasTraining = model.isTraining();
        model.eval();
        double sum = 0;
        long right = 0;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            for (Batch b : DataLoader.of(data, Math.max(batchSize, 256)).epoch(0)) {
                Var out = model.forward(Var.constant(input(b)));
                sum += loss.apply(out, b.y()).item() * b.size();
                if (data.isClassification()) {
                    right += countCorrect(out.value(), b.y());
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(sum / data.size(), data.isClassification() ? (double) right / data.size() : Double.NaN,
                data.size());
    }

    private Tensor input(Batch b) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = b.size();
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        return b.x().reshape(shape);
    }

    /**
     * The number of rows whose prediction matches the label: the arg-max of {@code [b, k]} logits (first
     * maximum on ties), or for a single output column, the sign of the logit against labels 0/1.
     */
    static long countCorrect(Tensor out, Tensor labels) {
        double[] o = out.data();
        double[] y = labels.data();
        int n = y.length;
        int k = o.length / n;
        long right = 0;
        for (int i = 0; i < n; i++) {
            int predicted;
            if (k == 1) {
                predicted = o[i] > 0 ? 1 : 0;
            } else {
                predicted = 0;
                for (int j = 1; j < k; j++) {
                    if (o[i * k + j] > o[i * k + predicted]) {
                        predicted = j;
                    }
                }
            }
            if (predicted == (int) y[i]) {
                right++;
            }
        }
        return right;
    }

    /** Writes the current state to the checkpoint directory, when one is configured. */
    public void saveCheckpoint() throws IOException {
        if (checkpointDir == null) {
            return;
        }
        CheckpointFile.save(checkpointDir, new Checkpoint(step, epoch, batch, lossSum, correct, seen, seconds, stopReason,
                history.epochs(), identity, model.stateDict(), model.randomStates(), optState, stepState), optimizer);
    }

    private static double elapsed(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** A SHA-256 of a data set's features and labels, so that a checkpoint is not resumed on other data. */
    static String fingerprint(Dataset data) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        // The same bytes as one buffer of size, features, x and y would hold, fed in pieces: a data set of more
        // than 2^28 values does not fit one ByteBuffer (its capacity is an int).
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(data.size()).putInt(data.numFeatures());
        for (double[] values : new double[][] {data.features().data(), data.y().data()}) {
            for (double v : values) {
                if (buf.remaining() < 8) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putDouble(v);
            }
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }

    // ------------------------------------------------------------ context

    @Override
    public int epoch() {
        return epoch;
    }

    @Override
    public int epochs() {
        return epochs;
    }

    @Override
    public long step() {
        return step;
    }

    @Override
    public boolean hasValidation() {
        return validation != null;
    }

    @Override
    public TrainingHistory history() {
        return history;
    }

    @Override
    public GradientTransformation optimizer() {
        return optimizer;
    }

    @Override
    public OptState optimizerState() {
        return optState;
    }

    @Override
    public void requestStop(String reason) {
        if (stopReason == null) {
            stopReason = Objects.requireNonNull(reason, "reason");
        }
    }

    /** Why training stopped before the configured epochs, or null. */
    public String stopReason() {
        return stopReason;
    }

    /** The model being trained. */
    public Module model() {
        return model;
    }

    /** What identifies this run in its checkpoint (optimizer spec, seed, batch size, data fingerprint, ...). */
    public Map<String, String> identity() {
        return java.util.Collections.unmodifiableMap(identity);
    }

    /** Configures a {@link Trainer}. */
    public static final class Builder {
        private Module model;
        private Loss loss;
        private GradientTransformation optimizer;
        private Dataset train;
        private Dataset validation;
        private int epochs = 1;
        private int batchSize = 32;
        private long seed;
        private boolean dropLast;
        private int[] inputShape;
        private final List<Callback> callbacks = new ArrayList<>();
        private Progress progress = Progress.silent();
        private Path checkpointDir;
        private long checkpointEvery;
        private final Map<String, String> identity = new LinkedHashMap<>();
        private SamplerSpec sampler;
        private TrainStep step = TrainStep.standard();
        private double divergenceFactor;

        private Builder() {}

        /**
         * Stops training when the smoothed loss grows to {@code factor} times its best ({@link DivergenceGuard};
         * default 0, off; {@code gradus train} uses {@value DivergenceGuard#DEFAULT_FACTOR}); 0 turns the check off.
         */
        public Builder divergenceFactor(double factor) {
            DivergenceGuard.requireFactor(factor);
            this.divergenceFactor = factor;
            return this;
        }

        /**
         * How batches are drawn (default {@code shuffle(batch_size, drop_last)} from {@link #batchSize} and
         * {@link #dropLast}), such as {@code SamplerSpec.SAMPLERS.parse("poisson(rate=0.01)")}; its randomness comes
         * from the seed.
         */
        public Builder sampler(SamplerSpec sampler) {
            this.sampler = Objects.requireNonNull(sampler, "sampler");
            return this;
        }

        /** What each step does with a batch (default {@link TrainStep#standard()}). */
        public Builder step(TrainStep step) {
            this.step = Objects.requireNonNull(step, "step");
            return this;
        }

        /** The model to train (its parameters are updated in place). */
        public Builder model(Module model) {
            this.model = model;
            return this;
        }

        /** The loss, applied to the model's output and the batch labels ({@link Batch#y()}). */
        public Builder loss(Loss loss) {
            this.loss = loss;
            return this;
        }

        /** The optimizer. */
        public Builder optimizer(GradientTransformation optimizer) {
            this.optimizer = optimizer;
            return this;
        }

        /** The optimizer, from a spec such as {@code adamw(lr=1e-3, weight_decay=0.01)}. */
        public Builder optimizer(String spec) {
            this.optimizer = Specs.transformation(spec);
            return this;
        }

        /** The training data and the validation data (null or empty: no validation). */
        public Builder data(Dataset train, Dataset validation) {
            this.train = train;
            this.validation = validation;
            return this;
        }

        /** The total number of epochs (a resumed run continues up to this many). */
        public Builder epochs(int epochs) {
            if (epochs < 0) {
                throw new IllegalArgumentException("Trainer: epochs must be >= 0, got " + epochs);
            }
            this.epochs = epochs;
            return this;
        }

        /** The mini-batch size (default 32). */
        public Builder batchSize(int batchSize) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException("Trainer: batch size must be positive, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The seed of the data order (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Drops the last partial batch of each epoch (default false). */
        public Builder dropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** The shape one sample is given to the model in, such as {@code [1, 28, 28]} (default: flat features). */
        public Builder inputShape(int... shape) {
            this.inputShape = shape.clone();
            return this;
        }

        /** Adds callbacks, called in the order given. */
        public Builder callbacks(Callback... cbs) {
            callbacks.addAll(List.of(cbs));
            return this;
        }

        /** Where progress goes (default: nowhere). */
        public Builder progress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /**
         * Writes checkpoints into {@code dir} every {@code everySteps} steps (0: only at the end of each
         * epoch) and at the end of every epoch.
         */
        public Builder checkpoint(Path dir, long everySteps) {
            if (everySteps < 0) {
                throw new IllegalArgumentException("Trainer: checkpoint interval must be >= 0 steps, got " + everySteps);
            }
            this.checkpointDir = dir;
            this.checkpointEvery = everySteps;
            return this;
        }

        /**
         * Records {@code key = value} in the checkpoint as part of what this run is (such as the model spec);
         * a resume with a different value is refused.
         */
        public Builder describe(String key, String value) {
            identity.put(key, value);
            return this;
        }

        /** The trainer. */
        public Trainer build() {
            return new Trainer(this);
        }
    }
}
