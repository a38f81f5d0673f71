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
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.nn.MseLoss;
import dev.gradus.optim.spec.Specs;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.io.AtomicFiles;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
     */
    public record Spec(String data, Optional<DataFormat> format, Optional<LabelColumn> labelColumn, String model,
            String optimizer, int epochs, int batchSize, long seed, double valFraction, double testFraction,
            long splitSeed, long checkpointEvery, String standardize) {
        public Spec {
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(optimizer, "optimizer");
            format = format == null ? Optional.empty() : format;
            labelColumn = labelColumn == null ? Optional.empty() : labelColumn;
            standardize = standardize == null ? "auto" : standardize;
            if (!List.of("auto", "features", "global", "none").contains(standardize)) {
                throw new IllegalArgumentException("unknown standardisation '" + standardize
                        + "'; expected auto, features, global or none");
            }
        }

        /** The same run with another optimizer and seed (for {@code gradus compare}). */
        public Spec with(String otherOptimizer, long otherSeed) {
            return new Spec(data, format, labelColumn, model, otherOptimizer, epochs, batchSize, otherSeed, valFraction,
                    testFraction, splitSeed, checkpointEvery, standardize);
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
     */
    public static Outcome run(Spec spec, Path out, boolean resume, Progress progress) throws IOException {
        return run(spec, out, resume, progress, TrainerSetup.NONE);
    }

    /**
     * Runs {@code spec} with the trainer changed by {@code setup} (a private step, say), and writes the results with
     * the setup's own into {@code out}.
     */
    public static Outcome run(Spec spec, Path out, boolean resume, Progress progress, TrainerSetup setup)
            throws IOException {
        if (!resume && CheckpointFile.exists(out)) {
            throw new IllegalArgumentException(out + " already holds a checkpoint; add --resume to continue that run,"
                    + " or choose another output directory");
        }
        ModelSpec modelSpec = ModelSpec.parse(spec.model());
        String optimizer = Specs.canonical(spec.optimizer());
        Dataset data = Datasets.resolve(spec.data(), spec.format(), spec.labelColumn());
        Split split = data.split(spec.valFraction(), spec.testFraction(), spec.splitSeed());
        String scaling = scaling(spec, data);
        Standardizer z = standardizer(scaling, split.train());
        Dataset train = z.apply(split.train());
        Dataset validation = z.apply(split.validation());
        Dataset test = z.apply(split.test());
        boolean classify = data.isClassification();
        int outputs = classify ? data.numClasses() : 1;
        Module model = modelSpec.build(data.sampleShape(), outputs, RandomStream.of(spec.seed()).fork("init"));
        Loss loss = classify ? new CrossEntropyLoss() : new MseLoss();
        Trainer.Builder builder = Trainer.builder().model(model).loss(loss).optimizer(Specs.transformation(optimizer))
                .data(train, validation).epochs(spec.epochs()).batchSize(spec.batchSize()).seed(spec.seed())
                .inputShape(modelSpec.inputShape(data.sampleShape())).callbacks(new LearningRateLogger())
                .progress(progress).checkpoint(out, spec.checkpointEvery())
                .describe("model", modelSpec.toString())
                .describe("standardize", scaling)
                .describe("split", "validation " + spec.valFraction() + ", test " + spec.testFraction() + ", seed "
                        + spec.splitSeed());
        if (setup != TrainerSetup.NONE) {
            setup.configure(builder, model, loss, train, spec.batchSize(), spec.epochs());
            builder.describe(setup.summaryKey(), setup.describe());
        }
        Trainer trainer = builder.build();
        TrainingHistory history = resume ? trainer.resume() : trainer.fit();
        Outcome outcome = new Outcome(history, trainer.evaluate(train), trainer.evaluate(validation),
                trainer.evaluate(test), trainer.step(), history.isEmpty() ? 0 : history.last().seconds(),
                trainer.stopReason(), model.parameterCount());
        writeMetrics(out.resolve("metrics.csv"), history);
        writeSummary(out.resolve("summary.json"), spec, modelSpec, optimizer, data, split, outcome, setup.summaryKey(),
                setup.summary(trainer));
        plotCurves(out.resolve("curves.png"), history, data.name() + ": " + modelSpec.kind() + ", " + spec.optimizer().trim());
        ModelWeights.save(out.resolve("model.safetensors"), model);
        return outcome;
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

    private static void writeMetrics(Path file, TrainingHistory history) throws IOException {
        StringWriter w = new StringWriter();
        history.writeCsv(w);
        AtomicFiles.write(file, w.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeSummary(Path file, Spec spec, ModelSpec model, String optimizer, Dataset data, Split split,
            Outcome o, String setupKey, java.util.Map<String, Object> setupSummary) throws IOException {
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
        if (!setupSummary.isEmpty()) {
            s.set(setupKey, JSON.valueToTree(setupSummary));
        }
        AtomicFiles.write(file, JSON.writeValueAsBytes(s));
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

    private static void plotCurves(Path file, TrainingHistory h, String title) throws IOException {
        double[] epochs = new double[h.size()];
        Arrays.setAll(epochs, i -> i + 1);
        XYPlot p = XYPlot.titled(title).xLabel("epoch").yLabel("loss / accuracy");
        p.line("train loss", epochs, h.series("train_loss"));
        p.line("validation loss", epochs, h.series("val_loss"));
        p.line("train accuracy", epochs, h.series("train_accuracy"));
        p.line("validation accuracy", epochs, h.series("val_accuracy"));
        p.writePng(file);
    }
}
