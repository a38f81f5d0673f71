package dev.gradus.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GradusRegressor on local[2]: a linear fit, persistence, and its errors. */
class GradusRegressorTest {
    private static SparkSession spark;
    private static Dataset<Row> linear;

    @BeforeAll
    static void start() {
        spark = MlFixtures.session();
        linear = MlFixtures.linear(spark, 200, 5).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static double[] predictions(Dataset<Row> out) {
        return out.select("prediction").collectAsList().stream().mapToDouble(r -> r.getDouble(0)).toArray();
    }

    @Test
    void aLinearModelFitsALinearTargetAndRoundTrips(@TempDir Path dir) throws Exception {
        GradusRegressionModel model = new GradusRegressor().setModelSpec("logistic").setOptimizer("sgd(lr=0.1)")
                .setEpochs(6).setBatchSize(25).setWorkers(2).setSeed(1).setEngine("local").fit(linear);
        Dataset<Row> out = model.transform(linear);
        List<Row> rows = out.select("label", "prediction").collectAsList();
        double sse = 0;
        for (Row r : rows) {
            double e = r.getDouble(0) - r.getDouble(1);
            sse += e * e;
        }
        // The noise has variance 0.01 and the target variance 5.
        assertThat(sse / rows.size()).isLessThan(0.05);
        String path = dir.resolve("regressor-model").toString();
        model.write().save(path);
        GradusRegressionModel loaded = GradusRegressionModel.load(path);
        assertThat(predictions(loaded.transform(linear))).isEqualTo(predictions(out));
        assertThat(loaded.weights()).isEqualTo(model.weights());
    }

    @Test
    void anUnknownCompressorIsRefusedNamingTheParam() {
        assertThatThrownBy(() -> new GradusRegressor().setCompressor("zip(level=9)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("compressor")
                .hasMessageContaining("zip");
        assertThatThrownBy(() -> new GradusRegressor().setEngine("gpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engine 'gpu'");
    }
}
