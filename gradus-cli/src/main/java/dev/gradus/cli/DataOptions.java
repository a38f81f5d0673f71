package dev.gradus.cli;

import dev.gradus.data.DataFormat;
import dev.gradus.data.LabelColumn;
import dev.gradus.data.Task;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The data and model options that {@code gradus train}, {@code gradus compare} and other training commands (such as
 * {@code gradus distributed train}) share.
 */
public final class DataOptions {
    @Option(names = "--data", required = true, paramLabel = "NAME|PATH",
            description = "A bundled data set (digits, iris, breast_cancer, wine, heart_scale, mnist10k) or a file.")
    public String data;

    @Option(names = "--format", paramLabel = "csv|libsvm|idx",
            description = "The file format, when the file name does not tell it.")
    public String format;

    @Option(names = "--label-column", paramLabel = "K",
            description = "The label column of a CSV file: a 0-based index (negative counts from the end) or a header"
                    + " name. Default: the last column.")
    public String labelColumn;

    @Option(names = "--model", paramLabel = "SPEC", defaultValue = "mlp(hidden=(128, 128))",
            description = "The model: logistic(), mlp(hidden=(128, 128), activation=relu, batch_norm=false,"
                    + " layer_norm=false, dropout=0.0) or cnn(channels=(16, 32), kernel_size=3, hidden=(128,),"
                    + " activation=relu, dropout=0.0). Default: ${DEFAULT-VALUE}.")
    public String model;

    @Option(names = "--epochs", paramLabel = "N", defaultValue = "10", description = "Epochs in total. Default: ${DEFAULT-VALUE}.")
    public int epochs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32",
            description = "The mini-batch size. Default: ${DEFAULT-VALUE}.")
    public int batchSize;

    @Option(names = "--val-fraction", paramLabel = "F", defaultValue = "0.1",
            description = "The share of samples held out for validation. Default: ${DEFAULT-VALUE}.")
    public double valFraction;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.2",
            description = "The share of samples held out for testing. Default: ${DEFAULT-VALUE}.")
    public double testFraction;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "0",
            description = "The seed of the stratified split, so that runs with other seeds share the test set."
                    + " Default: ${DEFAULT-VALUE}.")
    public long splitSeed;

    @Option(names = "--standardize", paramLabel = "auto|features|global|none", defaultValue = "auto",
            description = "Scaling fitted on the training split: per feature, one mean and deviation for all features"
                    + " (images), or none; auto is global for image samples such as [1, 28, 28], else features."
                    + " Default: ${DEFAULT-VALUE}.")
    public String standardize;

    @Option(names = "--task", paramLabel = "auto|classification|regression", defaultValue = "auto",
            description = "Classification or regression, or auto: integer and non-numeric labels make a classification,"
                    + " other numbers a regression. Default: ${DEFAULT-VALUE}.")
    public String task;

    @Option(names = "--divergence-factor", paramLabel = "F", defaultValue = "100",
            description = "Stop a run whose smoothed loss grows to F times its best and above its start (0: never)."
                    + " Default: ${DEFAULT-VALUE}.")
    public double divergenceFactor;

    /** The task asked for with {@code --task}. */
    public Task task() {
        return switch (task.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> Task.AUTO;
            case "classification" -> Task.CLASSIFICATION;
            case "regression" -> Task.REGRESSION;
            default -> throw new IllegalArgumentException("--task: unknown task '" + task
                    + "'; expected auto, classification or regression");
        };
    }

    /** The file format, when given. */
    public Optional<DataFormat> format() {
        return format == null ? Optional.empty() : Optional.of(DataFormat.parse(format));
    }

    /** The label column, when given. */
    public Optional<LabelColumn> labelColumn() {
        return labelColumn == null ? Optional.empty() : Optional.of(LabelColumn.parse(labelColumn));
    }
}
