package dev.gradus.spark.ml;

import java.util.function.BiFunction;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;
import scala.Option;

/**
 * Loads what {@link GradusModelWriter} saved: the metadata (which must name the expected class), the network from
 * {@code path/data}, then the saved params set on the new model.
 *
 * @param <M> the model class
 */
final class GradusModelReader<M extends Params> extends MLReader<M> {
    private final Class<M> type;
    private final BiFunction<String, TrainedNetwork, M> create;

    GradusModelReader(Class<M> type, BiFunction<String, TrainedNetwork, M> create) {
        this.type = type;
        this.create = create;
    }

    @Override
    public M load(String path) {
        DefaultParamsReader.Metadata meta = DefaultParamsReader.loadMetadata(path, sparkSession(), type.getName());
        Row r = sparkSession().read().schema(GradusModelWriter.DATA).parquet(path + "/data")
                .select("modelSpec", "numFeatures", "outputs", "weights").head();
        M model = create.apply(meta.uid(),
                new TrainedNetwork(r.getString(0), r.getInt(1), r.getInt(2), (byte[]) r.get(3)));
        meta.getAndSetParams(model, Option.empty());
        return model;
    }
}
