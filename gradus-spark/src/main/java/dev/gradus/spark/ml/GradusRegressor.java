package dev.gradus.spark.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
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
        implements DefaultParamsWritable {
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

    /** Param: the model spec, such as {@code mlp(hidden=(64,))} or {@code logistic}. */
    public Param<String> modelSpec() {
        return p.modelSpec;
    }

    /** Param: the optimizer spec, such as {@code adam(lr=1e-3)}. */
    public Param<String> optimizer() {
        return p.optimizer;
    }

    /** Param: passes over the training data. */
    public IntParam epochs() {
        return p.epochs;
    }

    /** Param: each worker's examples per round. */
    public IntParam batchSize() {
        return p.batchSize;
    }

    /** Param: the seed of the initial weights, the data order and the workers' streams. */
    public LongParam seed() {
        return p.seed;
    }

    /** Param: the data-parallel workers, 0 for one per partition. */
    public IntParam workers() {
        return p.workers;
    }

    /** Param: each worker's compressor spec, such as {@code none} or {@code topk(density=0.01)}. */
    public Param<String> compressor() {
        return p.compressor;
    }

    /** Param: the server's aggregator spec, such as {@code mean} or {@code trimmed_mean(f=1)}. */
    public Param<String> aggregator() {
        return p.aggregator;
    }

    /** Param: where the rounds run, {@code spark} or {@code local}. */
    public Param<String> engine() {
        return p.engine;
    }

    /** Sets the model spec; an invalid spec is refused now, with gradus's message. */
    public GradusRegressor setModelSpec(String spec) {
        return (GradusRegressor) set(p.modelSpec, TrainingParams.check(p.modelSpec, spec));
    }

    /** Sets the optimizer spec; an invalid spec is refused now, with gradus's message. */
    public GradusRegressor setOptimizer(String spec) {
        return (GradusRegressor) set(p.optimizer, TrainingParams.check(p.optimizer, spec));
    }

    /** Sets the epochs (at least 1). */
    public GradusRegressor setEpochs(int epochs) {
        return (GradusRegressor) set(p.epochs, (Object) TrainingParams.positive(p.epochs, epochs));
    }

    /** Sets each worker's batch size (at least 1). */
    public GradusRegressor setBatchSize(int size) {
        return (GradusRegressor) set(p.batchSize, (Object) TrainingParams.positive(p.batchSize, size));
    }

    /** Sets the seed. */
    public GradusRegressor setSeed(long seed) {
        return (GradusRegressor) set(p.seed, (Object) seed);
    }

    /** Sets the workers (0 for one per partition). */
    public GradusRegressor setWorkers(int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException(STAGE + ": workers=" + workers + " must be 0 or more");
        }
        return (GradusRegressor) set(p.workers, (Object) workers);
    }

    /** Sets the compressor spec; an invalid spec is refused now. */
    public GradusRegressor setCompressor(String spec) {
        return (GradusRegressor) set(p.compressor, TrainingParams.check(p.compressor, spec));
    }

    /** Sets the aggregator spec; an invalid spec is refused now. */
    public GradusRegressor setAggregator(String spec) {
        return (GradusRegressor) set(p.aggregator, TrainingParams.check(p.aggregator, spec));
    }

    /** Sets the engine: {@code spark} (the DataFrame's Spark context) or {@code local} (the driver's threads). */
    public GradusRegressor setEngine(String engine) {
        return (GradusRegressor) set(p.engine, TrainingParams.engine(engine));
    }

    /** The engine. */
    public String getEngine() {
        return getOrDefault(p.engine);
    }

    /** The model spec. */
    public String getModelSpec() {
        return getOrDefault(p.modelSpec);
    }

    /** The optimizer spec. */
    public String getOptimizer() {
        return getOrDefault(p.optimizer);
    }

    /** The epochs. */
    public int getEpochs() {
        return (Integer) getOrDefault(p.epochs);
    }

    /** Each worker's batch size. */
    public int getBatchSize() {
        return (Integer) getOrDefault(p.batchSize);
    }

    /** The seed. */
    public long getSeed() {
        return (Long) getOrDefault(p.seed);
    }

    /** The workers (0: one per partition). */
    public int getWorkers() {
        return (Integer) getOrDefault(p.workers);
    }

    /** The compressor spec. */
    public String getCompressor() {
        return getOrDefault(p.compressor);
    }

    /** The aggregator spec. */
    public String getAggregator() {
        return getOrDefault(p.aggregator);
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
