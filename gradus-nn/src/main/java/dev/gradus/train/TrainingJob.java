package dev.gradus.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.data.DataFormat;
import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.LabelColumn;
import dev.gradus.data.Split;
import dev.gradus.data.Standardizer;
import dev.gradus.data.Task;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.nn.MseLoss;
import dev.gradus.optim.spec.Specs;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.io.AtomicFiles;
import dev.gradus.tensor.io.DirectoryLock;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One complete training run as {@code gradus train} describes it: read the data, split it by seed, standardise
 * it with the training split's statistics, build the model from its spec, train with checkpoints, evaluate,
 * and write the results into an output directory:
 *
 * <ul>
 *   <li>{@code metrics.csv}: one line per epoch ({@link TrainingHistory#writeCsv});</li>
 *   <li>{@code summary.json}: the configuration, the final loss and accuracy on train, validation and test,
 *       epochs, steps and seconds;</li>
 *   <li>{@code curves.png}: loss and accuracy per epoch;</li>
 *   <li>{@code model.safetensors}: the weights ({@link ModelWeights});</li>
 *   <li>the checkpoint ({@link CheckpointFile}), from which {@code resume} continues.</li>
 * </ul>
 *
 * <p>Classification data trains under cross-entropy with one output per class; regression data under mean
 * squared error with one output. The split is stratified for classification and fixed by {@code splitSeed},
 * so runs with different seeds share their test set.
 */
public final class TrainingJob {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TrainingJob() {}

    /**
     * What to run.
     *
     * @param data a bundled data set name or a file path
     * @param format the file format, when it cannot be told from the name
     * @param labelColumn the label column of a CSV file (default: the last)
     * @param model a model spec such as {@code mlp(hidden=(128, 128))}
     * @param optimizer an optimizer spec such as {@code adam(lr=1e-3)}
     * @param epochs total epochs (a resumed run continues up to this many)
     * @param batchSize the mini-batch size
     * @param seed the seed of the initial weights, the data order and dropout
     * @param valFraction the share of samples held out for validation
     * @param testFraction the share of samples held out for testing
     * @param splitSeed the seed of the split
     * @param checkpointEvery steps between checkpoints (0: at the end of each epoch only)
     * @param standardize how features are scaled with the training split's statistics: {@code features} (each
     *     feature to mean 0 and variance 1, for tabular data), {@code global} (one mean and variance over all
     *     features, for images, as torchvision's {@code Normalize} on MNIST), {@code none}, or {@code auto}
     *     ({@code global} for samples with a shape such as {@code [1, 28, 28]}, else {@code features})
     * @param task classification or regression, or {@link Task#AUTO} to decide from the labels
     * @param divergenceFactor the factor over its best loss at which a run counts as diverged
     *     ({@link DivergenceGuard}; 0 turns the check off)
     */
    public record Spec(String data, Optional<DataFormat> format, Optional<LabelColumn> labelColumn, String model,
            String optimizer, int epochs, int batchSize, long seed, double valFraction, double testFraction,
            long splitSeed, long checkpointEvery, String standardize, Task task, double divergenceFactor) {
        public Spec {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(optimizer, "optimizer");
            format = format == null ? Optional.empty() : format;
            labelColumn = labelColumn == null ? Optional.empty() : labelColumn;
            standardize = standardize == null ? "auto" : standardize;
            task = task == null ? Task.AUTO : task;
            DivergenceGuard.requireFactor(divergenceFactor);
            if (!List.of("auto", "features", "global", "none").contains(standardize)) {
                throw new IllegalArgumentException("unknown standardisation '" + standardize
                        + "'; expected auto, features, global or none");
            }
        }

        /** The same run with another optimizer and seed (for {@code gradus compare}). */
        public Spec with(String otherOptimizer, long otherSeed) {
            return new Spec(data, format, labelColumn, model, otherOptimizer, epochs, batchSize, otherSeed, valFraction,
                    testFraction, splitSeed, checkpointEvery, standardize, task, divergenceFactor);
        }
    }

    /**
     * What a run produced.
     *
     * @param history the metrics per epoch
     * @param train the final metrics on the training split (evaluation mode)
     * @param validation the final metrics on the validation split
     * @param test the final metrics on the test split
     * @param steps the optimizer steps taken
     * @param seconds the training wall-clock seconds, over all resumed runs
     * @param stopReason why training stopped early, or null
     * @param parameters the number of trainable parameters
     */
    public record Outcome(TrainingHistory history, Evaluation train, Evaluation validation, Evaluation test, long steps,
            double seconds, String stopReason, long parameters) {}

    /**
     * Runs {@code spec} and writes the results into {@code out}. Without {@code resume}, a directory that
     * already holds a checkpoint is refused rather than overwritten.
     *
     * <p>The directory is locked for the run ({@link DirectoryLock}): a second run on it is refused at once,
     * naming the first. The data is checked before a model is built for it ({@link LearnableData}), and the
     * memory the run needs is estimated before it is allocated ({@link MemoryEstimate}). The results (metrics,
     * summary, curves, weights) are written aside and renamed into place together once all are complete, so a
     * failure (a full disk, a diverged run) leaves the previous results, or none, never a part.
     */
    public static Outcome run(Spec spec, Path out, boolean resume, Progress progress) throws IOException {
        return run(spec, out, resume, progress, Setup.NONE);
    }

    /**
     * What a caller adds to a job's trainer before it is built, such as a data-parallel training step and its
     * sampler; whatever it sets through {@code describe} becomes part of the run's identity, so a resume with other
     * settings is refused.
     */
    @FunctionalInterface
    public interface Setup {
        /** Changes nothing. */
        Setup NONE = (trainer, model, train, outputs, seed) -> { };

        /**
         * Adjusts {@code trainer} for the job's {@code model} on the standardised {@code train} split, with
         * {@code outputs} outputs and the job's {@code seed}.
         */
        void apply(Trainer.Builder trainer, ModelSpec model, Dataset train, int outputs, long seed);
    }

    /** {@link #run(Spec, Path, boolean, Progress)} with the trainer adjusted by {@code setup}. */
    public static Outcome run(Spec spec, Path out, boolean resume, Progress progress, Setup setup) throws IOException {
        ModelSpec modelSpec = ModelSpec.parse(spec.model());
        String optimizer = Specs.canonical(spec.optimizer());
        try (DirectoryLock lock = DirectoryLock.acquire(out, "gradus train --out " + out)) {
            return run(spec, modelSpec, optimizer, out, resume, progress, setup);
        }
    }

    private static Outcome run(Spec spec, ModelSpec modelSpec, String optimizer, Path out, boolean resume,
            Progress progress, Setup setup) throws IOException {
        if (!resume && CheckpointFile.exists(out)) {
            throw new IllegalArgumentException(out + " already holds a checkpoint; add --resume to continue that run,"
                    + " or choose another output directory");
        }
        if (resume && !CheckpointFile.exists(out)) {
            throw new CheckpointException("no checkpoint to resume from: " + CheckpointFile.path(out)
                    + " does not exist");
        }
        Dataset data = load(spec, progress);
        LearnableData.require(data, spec.data().trim(),
                spec.labelColumn().map(c -> "--label-column " + c).orElse("the last column"));
        boolean classify = data.isClassification();
        int outputs = classify ? data.numClasses() : 1;
        long values = (long) data.size() * (data.numFeatures() + 1);
        String what = data.name() + " with " + modelSpec.kind();
        long[] size = modelSpec.size(data.sampleShape(), outputs);
        if (size != null) {
            MemoryEstimate.of(values, size[0], size[1], spec.batchSize()).requireFits(what);
        }
        Split split = data.split(spec.valFraction(), spec.testFraction(), spec.splitSeed());
        String scaling = scaling(spec, data);
        Standardizer z = standardizer(scaling, split.train());
        Dataset train = z.apply(split.train());
        Dataset validation = z.apply(split.validation());
        Dataset test = z.apply(split.test());
        Module model = modelSpec.build(data.sampleShape(), outputs, RandomStream.of(spec.seed()).fork("init"));
        if (size == null) {
            // A model that cannot size itself is counted once built: only its gradients and optimizer state are
            // still to come (its activations are not known).
            long optimizerBytes = MemoryEstimate.of(0, model.parameterCount(), 0, 1).optimizerBytes();
            new MemoryEstimate(0, 0, optimizerBytes, 0).requireFits(what);
        }
        Loss loss = classify ? new CrossEntropyLoss() : new MseLoss();
        Trainer.Builder builder = Trainer.builder().model(model).loss(loss).optimizer(Specs.transformation(optimizer))
                .data(train, validation).epochs(spec.epochs()).batchSize(spec.batchSize()).seed(spec.seed())
                .inputShape(modelSpec.inputShape(data.sampleShape())).callbacks(new LearningRateLogger())
                .progress(progress).checkpoint(out, spec.checkpointEvery())
                .divergenceFactor(spec.divergenceFactor())
                .describe("model", modelSpec.toString())
                .describe("standardize", scaling)
                .describe("split", "validation " + spec.valFraction() + ", test " + spec.testFraction() + ", seed "
                        + spec.splitSeed());
        setup.apply(builder, modelSpec, train, outputs, spec.seed());
        Trainer trainer = builder.build();
        TrainingHistory history = resume ? trainer.resume() : trainer.fit();
        Outcome outcome = new Outcome(history, trainer.evaluate(train), trainer.evaluate(validation),
                trainer.evaluate(test), trainer.step(), history.isEmpty() ? 0 : history.last().seconds(),
                trainer.stopReason(), model.parameterCount());
        try (AtomicFiles.Group results = AtomicFiles.group()) {
            results.add(out.resolve("metrics.csv"), metrics(history));
            results.add(out.resolve("summary.json"), summary(spec, modelSpec, optimizer, data, split, outcome));
            results.add(out.resolve("curves.png"), curves(history, data.name() + ": " + modelSpec.kind() + ", "
                    + spec.optimizer().trim()).toPng());
            results.add(out.resolve("model.safetensors"), ModelWeights.toBytes(model));
            results.commit();
        }
        return outcome;
    }

    /** Files at least this large report the progress of their read. */
    private static final long ANNOUNCED_BYTES = 16L << 20;

    /**
     * Reads the data; the read of a large file reports every tenth of the file and its time, so a long load is not
     * silence.
     */
    private static Dataset load(Spec spec, Progress progress) {
        Path file = null;
        try {
            file = Path.of(spec.data().trim());
        } catch (InvalidPathException e) {
            // not a file name; Datasets says what it is
        }
        long bytes = 0;
        try {
            bytes = file != null && Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            bytes = 0;
        }
        if (bytes < ANNOUNCED_BYTES) {
            return Datasets.resolve(spec.data(), spec.format(), spec.labelColumn(), spec.task());
        }
        long size = bytes;
        long t0 = System.nanoTime();
        String name = file.toString();
        progress.message("reading " + name + " (" + MemoryEstimate.size(size) + ")...");
        int[] shown = {0};
        Dataset data = Datasets.resolve(spec.data(), spec.format(), spec.labelColumn(), spec.task(), read -> {
            int tenths = (int) Math.min(9, read * 10 / size);
            if (tenths > shown[0]) {
                shown[0] = tenths;
                progress.message(String.format(Locale.ROOT, "reading %s: %d%% (%s of %s, %.1f s)", name, 10 * tenths,
                        MemoryEstimate.size(read), MemoryEstimate.size(size), (System.nanoTime() - t0) / 1e9));
            }
        });
        progress.message(String.format(Locale.ROOT, "read %d samples of %d features in %.1f s", data.size(),
                data.numFeatures(), (System.nanoTime() - t0) / 1e9));
        return data;
    }

    /** The scaling that {@code spec} asks for on {@code data}, with {@code auto} resolved. */
    static String scaling(Spec spec, Dataset data) {
        return spec.standardize().equals("auto") ? (data.sampleShape().length > 1 ? "global" : "features")
                : spec.standardize();
    }

    /**
     * The scaling fitted on {@code train}: per feature, or one mean and standard deviation over all values (so
     * that rarely lit pixels are not blown up), or the identity.
     */
    static Standardizer standardizer(String scaling, Dataset train) {
        int d = train.numFeatures();
        switch (scaling) {
            case "features" -> {
                return Standardizer.fit(train);
            }
            case "global" -> {
                double[] x = train.features().data();
                double mean = 0;
                for (double v : x) {
                    mean += v;
                }
                mean /= x.length;
                double sq = 0;
                for (double v : x) {
                    sq += (v - mean) * (v - mean);
                }
                double std = Math.sqrt(sq / x.length);
                double[] m = new double[d];
                double[] s = new double[d];
                Arrays.fill(m, mean);
                Arrays.fill(s, std > 0 ? std : 1.0);
                return new Standardizer(m, s);
            }
            case "none" -> {
                double[] s = new double[d];
                Arrays.fill(s, 1.0);
                return new Standardizer(new double[d], s);
            }
            default -> throw new IllegalArgumentException("unknown standardisation " + scaling);
        }
    }

    private static byte[] metrics(TrainingHistory history) throws IOException {
        StringWriter w = new StringWriter();
        history.writeCsv(w);
        return w.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] summary(Spec spec, ModelSpec model, String optimizer, Dataset data, Split split, Outcome o)
            throws IOException {
        ObjectNode s = JSON.createObjectNode();
        s.put("data", data.name());
        s.put("task", data.task().toString().toLowerCase(Locale.ROOT));
        s.put("samples", data.size());
        s.put("features", data.numFeatures());
        s.put("model", model.toString());
        s.put("parameters", o.parameters());
        s.put("optimizer", optimizer);
        s.put("seed", spec.seed());
        s.put("batch_size", spec.batchSize());
        s.put("split_seed", spec.splitSeed());
        s.put("standardize", scaling(spec, data));
        s.put("epochs", o.history().size());
        s.put("steps", o.steps());
        s.put("seconds", o.seconds());
        if (o.stopReason() != null) {
            s.put("stop_reason", o.stopReason());
        }
        put(s.putObject("train"), o.train(), split.train().size());
        put(s.putObject("validation"), o.validation(), split.validation().size());
        put(s.putObject("test"), o.test(), split.test().size());
        return JSON.writeValueAsBytes(s);
    }

    private static void put(ObjectNode n, Evaluation e, int samples) {
        n.put("samples", samples);
        if (Double.isFinite(e.loss())) {
            n.put("loss", e.loss());
        } else {
            n.putNull("loss");
        }
        if (Double.isFinite(e.accuracy())) {
            n.put("accuracy", e.accuracy());
        } else {
            n.putNull("accuracy");
        }
    }

    private static XYPlot curves(TrainingHistory h, String title) {
        double[] epochs = new double[h.size()];
        Arrays.setAll(epochs, i -> i + 1);
        XYPlot p = XYPlot.titled(title).xLabel("epoch").yLabel("loss / accuracy");
        p.line("train loss", epochs, h.series("train_loss"));
        p.line("validation loss", epochs, h.series("val_loss"));
        p.line("train accuracy", epochs, h.series("train_accuracy"));
        p.line("validation accuracy", epochs, h.series("val_accuracy"));
        return p;
    }
}
