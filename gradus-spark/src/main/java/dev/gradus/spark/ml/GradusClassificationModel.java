package dev.gradus.spark.ml;

import org.apache.spark.ml.classification.ProbabilisticClassificationModel;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.types.StructType;

/**
 * The model a {@link GradusClassifier} fits: for each row, {@code rawPrediction} holds the network's logits,
 * {@code probability} their softmax {@code p_k = exp(z_k - max z) / sum_j exp(z_j - max z)}, and
 * {@code prediction} the arg-max (or Spark's {@code thresholds} rule when they are set). Saved with
 * {@code write().save(path)} as Spark's metadata (the params) plus one Parquet row holding the model spec, the
 * input width, the number of classes and the weights as a safetensors file; loaded with {@link #load(String)}.
 */
public final class GradusClassificationModel
        extends ProbabilisticClassificationModel<Vector, GradusClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final String STAGE = "GradusClassificationModel";

    private final String uid;
    private final TrainedNetwork network;
    private final double[] trainLosses;

    GradusClassificationModel(String uid, TrainedNetwork network, double[] trainLosses) {
        this(PendingUid.hold(uid), network, trainLosses, true);
    }

    private GradusClassificationModel(String uid, TrainedNetwork network, double[] trainLosses, boolean held) {
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

    /** The safetensors bytes of the trained weights (PyTorch's {@code safetensors.torch.load_file} reads them). */
    public byte[] weights() {
        return network.weights();
    }

    @Override
    public int numClasses() {
        return network.outputs();
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

    /** The logits of one row. */
    @Override
    public Vector predictRaw(Vector features) {
        return Vectors.dense(network.outputs(features.toArray()));
    }

    /** The softmax of the logits, in place. */
    @Override
    public Vector raw2probabilityInPlace(Vector rawPrediction) {
        double[] z = ((DenseVector) rawPrediction).values();
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int k = 0; k < z.length; k++) {
            z[k] = Math.exp(z[k] - max);
            sum += z[k];
        }
        for (int k = 0; k < z.length; k++) {
            z[k] /= sum;
        }
        return rawPrediction;
    }

    /**
     * Spark's own: the model with its prediction columns renamed for a training summary. Overridden only because
     * Java sees the Scala trait's method and the class's method as two (their Scala return types differ by
     * covariance, which Java cannot express); a raw tuple satisfies both.
     */
    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public scala.Tuple3 findSummaryModel() {
        return super.findSummaryModel();
    }

    @Override
    public GradusClassificationModel copy(ParamMap extra) {
        GradusClassificationModel m = copyValues(new GradusClassificationModel(uid, network, trainLosses), extra);
        return parent() == null ? m : m.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new GradusModelWriter(this, network);
    }

    /** The reader of a saved model. */
    public static MLReader<GradusClassificationModel> read() {
        return new GradusModelReader<>(GradusClassificationModel.class,
                (uid, network) -> new GradusClassificationModel(uid, network, new double[0]));
    }

    /** Loads a model saved with {@code write().save(path)}. */
    public static GradusClassificationModel load(String path) {
        return read().load(path);
    }
}
