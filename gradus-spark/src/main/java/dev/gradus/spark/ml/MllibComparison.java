package dev.gradus.spark.ml;

import dev.gradus.data.Datasets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Gradus on Spark against MLlib on the same data and the same Spark session: the bundled {@code mnist10k} (or
 * {@code digits}), its first {@code train} rows for training and the rest for testing, pixels in {@code [0, 1]},
 * in {@code partitions} partitions. Five fits, each timed from {@code fit} to its return, then the test accuracy:
 *
 * <ul>
 *   <li>{@link GradusClassifier} {@code mlp(hidden=(128,))}, {@code adam(lr=1e-3)}, {@code epochs} epochs of
 *       mini-batches of 64 per worker on {@code partitions} workers (engine {@code spark});</li>
 *   <li>the same, with {@code engine=local} (the rounds on the driver's threads: the same bits, no Spark jobs),
 *       which separates the Spark engine's per-round cost from the computation;</li>
 *   <li>{@link GradusClassifier} {@code logistic} with the same optimizer and batches;</li>
 *   <li>MLlib's {@link MultilayerPerceptronClassifier}, layers {@code [d, 128, 10]}, {@code maxIter} L-BFGS
 *       iterations on the full batch (its only solver for this model besides plain gradient descent);</li>
 *   <li>MLlib's {@link LogisticRegression}, multinomial, no regularisation, {@code maxIter} iterations (L-BFGS).</li>
 * </ul>
 *
 * <p>Run it with Spark on the class path, for example {@code spark-submit --class
 * dev.gradus.spark.ml.MllibComparison --jars gradus.jar gradus-spark.jar}, or as the README shows from the build.
 * Arguments: {@code --master URL} (default: spark-submit's master, else {@code local[2]}), {@code --data mnist10k|digits}, {@code --train N}
 * (default 8000), {@code --partitions P} (2), {@code --epochs E} (5), {@code --max-iter M} (100),
 * {@code --seed S} (0), {@code --mllib false} (only the Gradus rows).
 */
public final class MllibComparison {
    private MllibComparison() {}

    /** Runs the comparison and prints one line per model. */
    public static void main(String[] args) {
        // spark-submit passes its --master as the system property spark.master.
        String master = System.getProperty("spark.master", "local[2]");
        String data = "mnist10k";
        int trainRows = 8000;
        int partitions = 2;
        int epochs = 5;
        int maxIter = 100;
        long seed = 0;
        boolean mllib = true;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
                case "--master" -> master = v;
                case "--data" -> data = v;
                case "--train" -> trainRows = Integer.parseInt(v);
                case "--partitions" -> partitions = Integer.parseInt(v);
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--max-iter" -> maxIter = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--mllib" -> mllib = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("MllibComparison: unknown option " + args[i]
                        + "; expected --master, --data, --train, --partitions, --epochs, --max-iter, --seed, --mllib");
            }
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("MllibComparison: option " + args[args.length - 1] + " has no value");
        }
        SparkSession spark = SparkSession.builder().master(master).appName("gradus-vs-mllib")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            run(spark, data, trainRows, partitions, epochs, maxIter, seed, mllib);
        } finally {
            spark.stop();
        }
    }

    private static void run(SparkSession spark, String name, int trainRows, int partitions, int epochs, int maxIter,
            long seed, boolean mllib) {
        dev.gradus.data.Dataset d = Datasets.load(name);
        if (trainRows <= 0 || trainRows >= d.size()) {
            throw new IllegalArgumentException("MllibComparison: --train " + trainRows + " must be in [1, "
                    + (d.size() - 1) + "] for " + name);
        }
        double scale = 0;
        for (int i = 0; i < d.size(); i++) {
            for (double v : d.row(i)) {
                scale = Math.max(scale, v);
            }
        }
        // Checkpointed into the block manager, so that no task carries the rows the driver parallelized (every
        // MLlib iteration would ship them again otherwise).
        Dataset<Row> train = frame(spark, d, 0, trainRows, scale, partitions).localCheckpoint();
        Dataset<Row> test = frame(spark, d, trainRows, d.size(), scale, partitions).localCheckpoint();
        long n = train.count() + test.count();
        int features = d.numFeatures();
        int classes = d.numClasses();
        System.out.printf(Locale.ROOT, "%s: %d train, %d test rows, %d features, %d classes, %d partitions, %s%n",
                name, trainRows, n - trainRows, features, classes, partitions, spark.sparkContext().master());
        System.out.printf(Locale.ROOT, "%-46s %9s %10s %10s%n", "model", "fit s", "train acc", "test acc");
        GradusClassifier mlp = new GradusClassifier().setModelSpec("mlp(hidden=(128,))").setOptimizer("adam(lr=1e-3)")
                .setEpochs(epochs).setBatchSize(64).setWorkers(partitions).setSeed(seed);
        report("gradus mlp(hidden=(128,)) adam " + epochs + " ep", mlp, train, test);
        report("gradus mlp, same, engine local (driver)", mlp.copy(new org.apache.spark.ml.param.ParamMap())
                .setEngine("local"), train, test);
        report("gradus logistic adam " + epochs + " ep", mlp.copy(new org.apache.spark.ml.param.ParamMap())
                .setModelSpec("logistic"), train, test);
        if (!mllib) {
            return;
        }
        MultilayerPerceptronClassifier mllibMlp = new MultilayerPerceptronClassifier()
                .setLayers(new int[] {features, 128, classes}).setMaxIter(maxIter).setSeed(seed).setBlockSize(128);
        report("mllib MultilayerPerceptron [" + features + ",128," + classes + "] " + maxIter + " it", mllibMlp, train,
                test);
        LogisticRegression lr = new LogisticRegression().setMaxIter(maxIter).setRegParam(0.0).setFamily("multinomial");
        report("mllib LogisticRegression " + maxIter + " it", lr, train, test);
    }

    private static <M extends Model<M>> void report(String label, Estimator<M> estimator, Dataset<Row> train,
            Dataset<Row> test) {
        long t0 = System.nanoTime();
        M model = estimator.fit(train);
        double seconds = (System.nanoTime() - t0) / 1e9;
        MulticlassClassificationEvaluator acc = new MulticlassClassificationEvaluator().setMetricName("accuracy");
        double trainAcc = acc.evaluate(model.transform(train));
        double testAcc = acc.evaluate(model.transform(test));
        System.out.printf(Locale.ROOT, "%-46s %9.1f %10.4f %10.4f%n", label, seconds, trainAcc, testAcc);
        System.out.flush();
    }

    private static Dataset<Row> frame(SparkSession spark, dev.gradus.data.Dataset d, int from, int to, double scale,
            int partitions) {
        List<Row> rows = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            double[] x = d.row(i);
            for (int j = 0; j < x.length; j++) {
                x[j] /= scale;
            }
            rows.add(RowFactory.create(Vectors.dense(x), (double) d.label(i)));
        }
        StructType schema = new StructType().add("features", SQLDataTypes.VectorType())
                .add("label", DataTypes.DoubleType);
        return spark.createDataFrame(JavaSparkContext.fromSparkContext(spark.sparkContext())
                .parallelize(rows, partitions), schema);
    }
}
