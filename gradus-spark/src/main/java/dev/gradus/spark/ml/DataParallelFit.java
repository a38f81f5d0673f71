package dev.gradus.spark.ml;

import dev.gradus.data.ShuffleSampler;
import dev.gradus.distributed.DataParallelStep;
import dev.gradus.distributed.WorkersSampler;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.nn.MseLoss;
import dev.gradus.optim.spec.Specs;
import dev.gradus.spark.SparkDataParallelStep;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * One fit of a Gradus estimator: the DataFrame's rows become a Gradus data set in row order (partition by
 * partition), and the model trains as {@code gradus distributed train} trains it: {@code workers} workers, worker
 * {@code i} owning the rows {@code j} with {@code j mod workers == i}, each round one batch of {@code batchSize}
 * per worker ({@link WorkersSampler}), the messages compressed and combined in worker order, then the optimizer.
 * The weights start from {@code RandomStream.of(seed).fork("init")}, as {@code gradus train} starts them, so a fit
 * equals a Trainer run of {@link DataParallelStep} on the same rows and settings.
 *
 * <p><b>Engines.</b> {@code engine=spark} (the default) runs the rounds on the DataFrame's Spark context
 * ({@link SparkDataParallelStep}: the shards are broadcast once, each round's workers run in
 * {@code min(workers, partitions)} Spark tasks and their messages are combined in worker order);
 * {@code engine=local} runs them on the driver's threads ({@link DataParallelStep}). Both give the same bits. The
 * Spark engine refuses models with random layers or buffers (dropout, batch norm), which replicas cannot share.
 *
 * <p>Classification trains one logit per class under cross-entropy (labels must be class indices 0, 1, 2, ...);
 * regression one output under mean squared error. No validation split, standardisation or early stopping: in
 * Spark ML those are other stages ({@code StandardScaler}, {@code TrainValidationSplit}).
 */
final class DataParallelFit {
    private DataParallelFit() {}

    /**
     * What a fit produced.
     *
     * @param network the trained network
     * @param history the per-epoch metrics
     * @param workers the number of workers used
     */
    record Result(TrainedNetwork network, TrainingHistory history, int workers) {}

    /** Trains on {@code data}'s {@code featuresCol} vectors and {@code labelCol} values. */
    static Result fit(Dataset<?> data, String featuresCol, String labelCol, FitSettings s, boolean classification,
            String stage) {
        List<Row> rows = data.select(functions.col(featuresCol), functions.col(labelCol).cast(DataTypes.DoubleType))
                .collectAsList();
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(stage + ": the training DataFrame has no rows");
        }
        dev.gradus.data.Dataset train = toDataset(rows, featuresCol, labelCol, classification, stage);
        int partitions = Math.max(1, data.rdd().getNumPartitions());
        int workers = s.workers() == 0 ? partitions : s.workers();
        ModelSpec spec = ModelSpec.parse(s.modelSpec());
        int outputs = classification ? train.numClasses() : 1;
        int[] sampleShape = train.sampleShape();
        Supplier<Module> replica = () -> spec.build(sampleShape, outputs, RandomStream.of(s.seed()).fork("init"));
        Module model = replica.get();
        Loss loss = classification ? new CrossEntropyLoss() : new MseLoss();
        DataParallelStep reference = DataParallelStep.builder().workers(workers).compressor(s.compressor())
                .aggregator(s.aggregator()).threads(1).replicas(replica).build();
        if (train.size() < workers) {
            throw new IllegalArgumentException(stage + ": " + train.size() + " rows cannot give each of " + workers
                    + " workers a row; use fewer workers");
        }
        TrainStep step = s.engine().equals("local") ? reference
                : SparkDataParallelStep.of(reference, JavaSparkContext.fromSparkContext(data.sparkSession().sparkContext()),
                        Math.min(workers, partitions), spec, model, loss, train, outputs);
        Trainer trainer = Trainer.builder().model(model).loss(loss).optimizer(Specs.transformation(s.optimizer()))
                .data(train, null).epochs(s.epochs()).batchSize(s.batchSize()).seed(s.seed())
                .inputShape(spec.inputShape(sampleShape)).step(step)
                .sampler(WorkersSampler.of(workers, ShuffleSampler.of(s.batchSize(), false)))
                .describe("model", spec.toString()).build();
        TrainingHistory history;
        try {
            history = trainer.fit();
        } catch (IOException e) {
            throw new UncheckedIOException(stage + ": training failed: " + e.getMessage(), e);
        } finally {
            if (step instanceof SparkDataParallelStep spark) {
                spark.release();
            }
        }
        return new Result(TrainedNetwork.of(spec.toString(), train.numFeatures(), outputs, model), history, workers);
    }

    private static dev.gradus.data.Dataset toDataset(List<Row> rows, String featuresCol, String labelCol,
            boolean classification, String stage) {
        int n = rows.size();
        int d = -1;
        double[] x = null;
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Row r = rows.get(i);
            if (r.isNullAt(0) || r.isNullAt(1)) {
                throw new IllegalArgumentException(stage + ": row " + i + " has a null " + (r.isNullAt(0)
                        ? featuresCol : labelCol));
            }
            double[] v = ((Vector) r.get(0)).toArray();
            if (d < 0) {
                d = v.length;
                if (d == 0) {
                    throw new IllegalArgumentException(stage + ": the " + featuresCol + " vectors are empty");
                }
                x = new double[Math.multiplyExact(n, d)];
            } else if (v.length != d) {
                throw new IllegalArgumentException(stage + ": row " + i + " of " + featuresCol + " has " + v.length
                        + " features, row 0 has " + d);
            }
            System.arraycopy(v, 0, x, i * d, d);
            y[i] = r.getDouble(1);
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException(stage + ": row " + i + " has the label " + y[i] + " in " + labelCol);
            }
        }
        Tensor features = Tensor.of(x, n, d);
        if (!classification) {
            return dev.gradus.data.Dataset.regression("spark", features, y);
        }
        int[] labels = new int[n];
        int classes = 0;
        for (int i = 0; i < n; i++) {
            if (y[i] < 0 || y[i] != Math.rint(y[i]) || y[i] > Integer.MAX_VALUE - 1) {
                throw new IllegalArgumentException(stage + ": row " + i + " has the label " + y[i] + " in " + labelCol
                        + "; a classifier takes class indices 0, 1, 2, ... (StringIndexer makes them)");
            }
            labels[i] = (int) y[i];
            classes = Math.max(classes, labels[i] + 1);
        }
        List<String> names = new ArrayList<>(Math.max(classes, 2));
        for (int c = 0; c < Math.max(classes, 2); c++) {
            names.add(Integer.toString(c));
        }
        return dev.gradus.data.Dataset.classification("spark", features, labels, names);
    }

}
