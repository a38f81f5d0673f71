package dev.gradus.spark.ml;

import dev.gradus.data.Datasets;
import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/** A local[2] session on the loopback interface and the small data sets of the Spark ML tests. */
final class MlFixtures {
    private MlFixtures() {}

    /** A quiet local[2] session bound to 127.0.0.1 (stop it after the test class). */
    static SparkSession session() {
        SparkSession s = SparkSession.builder().master("local[2]").appName("gradus-spark-ml-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return s;
    }

    /**
     * The first {@code n} of the bundled digits (1797 rows, 64 pixels scaled to [0, 1], labels 0-9) in 2
     * partitions, in file order.
     */
    static Dataset<Row> digits(SparkSession s, int n) {
        dev.gradus.data.Dataset d = Datasets.load("digits");
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < Math.min(n, d.size()); i++) {
            double[] x = d.row(i);
            for (int j = 0; j < x.length; j++) {
                x[j] /= 16.0;
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) d.label(i)));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return s.createDataFrame(JavaSparkContext.fromSparkContext(s.sparkContext()).parallelize(rows, 2), schema);
    }

    /**
     * Three Gaussian blobs in the plane as plain columns {@code x}, {@code y} and a string column {@code kind}
     * ({@code "a"}, {@code "b"}, {@code "c"}), for a pipeline that indexes and assembles them.
     */
    static Dataset<Row> blobs(SparkSession s, int n, long seed) {
        RandomStream r = RandomStream.of(seed);
        double[][] centres = {{0, 0}, {4, 0}, {0, 4}};
        String[] kinds = {"a", "b", "c"};
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = i % 3;
            rows.add(RowFactory.create(centres[k][0] + r.normal(), centres[k][1] + r.normal(), kinds[k]));
        }
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("y", DataTypes.DoubleType)
                .add("kind", DataTypes.StringType);
        return s.createDataFrame(JavaSparkContext.fromSparkContext(s.sparkContext()).parallelize(rows, 2), schema);
    }

    /** {@code y = 2 x0 - x1 + 0.5 + 0.1 noise} over 3 features (the third unused), as features and label. */
    static Dataset<Row> linear(SparkSession s, int n, long seed) {
        RandomStream r = RandomStream.of(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double a = r.normal();
            double b = r.normal();
            double c = r.normal();
            rows.add(RowFactory.create(Vectors.dense(a, b, c), 2 * a - b + 0.5 + 0.1 * r.normal()));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return s.createDataFrame(JavaSparkContext.fromSparkContext(s.sparkContext()).parallelize(rows, 2), schema);
    }
}
