package dev.gradus.spark.ml;

import java.util.List;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Saves a Gradus model as Spark's own models are saved: {@code path/metadata} (class, uid, params, Spark version,
 * by Spark's {@code DefaultParamsWriter}) and {@code path/data}, one Parquet row with the model spec, the input
 * width, the outputs and the weights (a safetensors file as bytes), so any Hadoop file system holds it.
 */
final class GradusModelWriter extends MLWriter {
    /** The schema of {@code path/data}. */
    static final StructType DATA = new StructType()
            .add("modelSpec", DataTypes.StringType, false)
            .add("numFeatures", DataTypes.IntegerType, false)
            .add("outputs", DataTypes.IntegerType, false)
            .add("weights", DataTypes.BinaryType, false);

    private final Params instance;
    private final TrainedNetwork network;

    GradusModelWriter(Params instance, TrainedNetwork network) {
        this.instance = instance;
        this.network = network;
    }

    @Override
    public void saveImpl(String path) {
        DefaultParamsWriter.saveMetadata(instance, path, sparkSession());
        Row row = RowFactory.create(network.modelSpec(), network.numFeatures(), network.outputs(), network.weights());
        sparkSession().createDataFrame(List.of(row), DATA).repartition(1).write().parquet(path + "/data");
    }
}
