package dev.gradus.spark.ml;

import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.types.StructType;

/**
 * The model a {@link GradusRegressor} fits: {@code prediction} is the network's single output for the row. Saved
 * and loaded as {@link GradusClassificationModel} is (metadata plus one Parquet row with the spec and the weights).
 */
public final class GradusRegressionModel extends RegressionModel<Vector, GradusRegressionModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final String STAGE = "GradusRegressionModel";

    private final String uid;
    private final TrainedNetwork network;
    private final double[] trainLosses;

    GradusRegressionModel(String uid, TrainedNetwork network, double[] trainLosses) {
        this(PendingUid.hold(uid), network, trainLosses, true);
    }

    private GradusRegressionModel(String uid, TrainedNetwork network, double[] trainLosses, boolean held) {
        super();
        this.uid = uid;
        PendingUid.release();
        this.network = network;
        this.trainLosses = trainLosses.clone();
    }

    @Override
    public String uid() {
        return uid != null ? uid : PendingUid.pending();
    }

    /** The model spec the network was built from, with every keyword written out. */
    public String modelSpecText() {
        return network.modelSpec();
    }

    /** The mean training loss of each epoch of the fit (empty for a loaded model). */
    public double[] trainLosses() {
        return trainLosses.clone();
    }

    /** The safetensors bytes of the trained weights. */
    public byte[] weights() {
        return network.weights();
    }

    @Override
    public int numFeatures() {
        return network.numFeatures();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        Columns.requireVector(schema, getFeaturesCol(), "featuresCol", STAGE);
        return super.transformSchema(schema);
    }

    /** The network's output for one row. */
    @Override
    public double predict(Vector features) {
        return network.outputs(features.toArray())[0];
    }

    @Override
    public GradusRegressionModel copy(ParamMap extra) {
        GradusRegressionModel m = copyValues(new GradusRegressionModel(uid, network, trainLosses), extra);
        return parent() == null ? m : m.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new GradusModelWriter(this, network);
    }

    /** The reader of a saved model. */
    public static MLReader<GradusRegressionModel> read() {
        return new GradusModelReader<>(GradusRegressionModel.class,
                (uid, network) -> new GradusRegressionModel(uid, network, new double[0]));
    }

    /** Loads a model saved with {@code write().save(path)}. */
    public static GradusRegressionModel load(String path) {
        return read().load(path);
    }
}
