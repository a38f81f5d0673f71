package dev.gradus.spark.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML regressor that trains a Gradus model with one output, data-parallel, on a DataFrame's
 * {@code featuresCol} vectors and numeric {@code labelCol} targets under mean squared error. Its model
 * ({@link GradusRegressionModel}) adds {@code prediction}. The params, the training and the persistence are those of
 * {@link GradusClassifier} (see {@code TrainingParams} and {@code DataParallelFit}); the same seed, data, partitions
 * and params give the same bits.
 */
public final class GradusRegressor
        extends Regressor<Vector, GradusRegressor, GradusRegressionModel>
        implements HasTrainingParams<GradusRegressor>, DefaultParamsWritable {
    private static final long serialVersionUID = 1L;
    private static final String STAGE = "GradusRegressor";

    private final String uid;
    private final TrainingParams p;

    /** A regressor with a fresh uid and the default params. */
    public GradusRegressor() {
        this(Identifiable$.MODULE$.randomUID("gradusRegressor"));
    }

    /** A regressor with the given uid (as Spark's loaders and {@code copy} create it). */
    public GradusRegressor(String uid) {
        this(PendingUid.hold(uid), true);
    }

    private GradusRegressor(String uid, boolean held) {
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
    public GradusRegressionModel train(Dataset<?> dataset) {
        FitSettings s = p.settings(this);
        DataParallelFit.Result r = DataParallelFit.fit(dataset, getFeaturesCol(), getLabelCol(), s, false, STAGE);
        return new GradusRegressionModel(uid(), r.network(), r.history().series("train_loss"));
    }

    @Override
    public GradusRegressor copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** The reader of a saved regressor. */
    public static MLReader<GradusRegressor> read() {
        return new DefaultParamsReader<>();
    }

    /** Loads a regressor saved with {@code write().save(path)}. */
    public static GradusRegressor load(String path) {
        return read().load(path);
    }
}
