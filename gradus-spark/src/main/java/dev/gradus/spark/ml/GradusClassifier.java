package dev.gradus.spark.ml;

import org.apache.spark.ml.classification.ProbabilisticClassifier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML classifier that trains a Gradus model, data-parallel, on a DataFrame's {@code featuresCol} vectors and
 * {@code labelCol} class indices (0, 1, 2, ...), under cross-entropy with one logit per class. Its model
 * ({@link GradusClassificationModel}) adds {@code prediction}, {@code rawPrediction} (the logits) and
 * {@code probability} (their softmax).
 *
 * <p><b>Params</b> (besides Spark's column params): {@code modelSpec} ({@code mlp(hidden=(64,))}),
 * {@code optimizer} ({@code adam(lr=1e-3)}), {@code epochs} (10), {@code batchSize} (32 per worker), {@code seed}
 * (0), {@code workers} (0: one per partition), {@code compressor} ({@code none}), {@code aggregator}
 * ({@code mean}), {@code engine} ({@code spark}, or {@code local} for the driver's threads). The same seed, data, partitions and params give the same bits.
 *
 * <p><b>Training</b> ({@code DataParallelFit}): the rows in DataFrame order are the examples, worker {@code i}
 * owns those with index {@code j mod workers == i}, and each round combines one batch per worker in worker order,
 * as {@code gradus distributed train} does. Saved and loaded with {@code write().save(path)} and
 * {@link #load(String)}, alone or inside a {@code Pipeline}.
 */
public final class GradusClassifier
        extends ProbabilisticClassifier<Vector, GradusClassifier, GradusClassificationModel>
        implements HasTrainingParams<GradusClassifier>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final String STAGE = "GradusClassifier";

    private final String uid;
    private final TrainingParams p;

    /** A classifier with a fresh uid and the default params. */
    public GradusClassifier() {
        this(Identifiable$.MODULE$.randomUID("gradusClassifier"));
    }

    /** A classifier with the given uid (as Spark's loaders and {@code copy} create it). */
    public GradusClassifier(String uid) {
        this(PendingUid.hold(uid), true);
    }

    private GradusClassifier(String uid, boolean held) {
        super();
        this.uid = uid;
        PendingUid.release();
        this.p = new TrainingParams(uid);
        for (ParamPair<?> d : p.defaults()) {
            putDefault(d);
        }
    }

    @SuppressWarnings("unchecked")
    private void putDefault(ParamPair<?> d) {
        setDefault((Param<Object>) d.param(), d.value());
    }

    @Override
    public String uid() {
        return uid != null ? uid : PendingUid.pending();
    }

    @Override
    public TrainingParams trainingParams() {
        return p;
    }

    @Override
    public String stageName() {
        return STAGE;
    }

    /** Checks the input columns with errors naming them, then Spark's own schema rules. */
    @Override
    public StructType transformSchema(StructType schema) {
        Columns.requireVector(schema, getFeaturesCol(), "featuresCol", STAGE);
        Columns.requireNumeric(schema, getLabelCol(), "labelCol", STAGE);
        return super.transformSchema(schema);
    }

    @Override
    public GradusClassificationModel train(Dataset<?> dataset) {
        FitSettings s = p.settings(this);
        DataParallelFit.Result r = DataParallelFit.fit(dataset, getFeaturesCol(), getLabelCol(), s, true, STAGE);
        return new GradusClassificationModel(uid(), r.network(), r.history().series("train_loss"));
    }

    @Override
    public GradusClassifier copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** The reader of a saved classifier. */
    public static MLReader<GradusClassifier> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a classifier saved with {@code write().save(path)}. */
    public static GradusClassifier load(String path) {
        return read().load(path);
    }
}
