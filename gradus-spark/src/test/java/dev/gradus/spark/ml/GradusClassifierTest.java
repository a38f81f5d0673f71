package dev.gradus.spark.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.data.Datasets;
import dev.gradus.data.ShuffleSampler;
import dev.gradus.distributed.DataParallelStep;
import dev.gradus.distributed.WorkersSampler;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.ModelWeights;
import dev.gradus.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.StringIndexer;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GradusClassifier on local[2]: fit and transform, persistence, pipelines, determinism and its errors. */
class GradusClassifierTest {
    private static SparkSession spark;
    private static Dataset<Row> digits;
    private static Dataset<Row> few;

    @BeforeAll
    static void start() {
        spark = MlFixtures.session();
        digits = MlFixtures.digits(spark, 1797).cache();
        few = MlFixtures.digits(spark, 400).cache();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A small MLP on 2 workers: 14 rounds an epoch on digits. */
    private static GradusClassifier small() {
        return new GradusClassifier().setModelSpec("mlp(hidden=(32,))").setOptimizer("adam(lr=1e-2)").setEpochs(3)
                .setBatchSize(64).setSeed(7).setWorkers(2);
    }

    private static double accuracy(Dataset<Row> predicted) {
        List<Row> rows = predicted.select("label", "prediction").collectAsList();
        long right = rows.stream().filter(r -> r.getDouble(0) == r.getDouble(1)).count();
        return (double) right / rows.size();
    }

    private static double[][] raw(Dataset<Row> predicted) {
        return predicted.select("rawPrediction").collectAsList().stream()
                .map(r -> ((Vector) r.get(0)).toArray()).toArray(double[][]::new);
    }

    @Test
    void fitsDigitsAndAddsPredictionRawPredictionAndProbability() {
        GradusClassificationModel model = small().fit(digits);
        Dataset<Row> out = model.transform(digits);
        assertThat(out.columns()).contains("prediction", "rawPrediction", "probability");
        assertThat(model.numClasses()).isEqualTo(10);
        assertThat(model.numFeatures()).isEqualTo(64);
        assertThat(accuracy(out)).isGreaterThan(0.9);
        double[] losses = model.trainLosses();
        assertThat(losses).hasSize(3);
        assertThat(losses[2]).isLessThan(losses[0]);
        Row first = out.select("probability", "rawPrediction", "prediction").head();
        double[] p = ((Vector) first.get(0)).toArray();
        double[] z = ((Vector) first.get(1)).toArray();
        double sum = 0;
        int argmax = 0;
        for (int k = 0; k < p.length; k++) {
            sum += p[k];
            argmax = z[k] > z[argmax] ? k : argmax;
        }
        assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(first.getDouble(2)).isEqualTo(argmax);
    }

    @Test
    void theSparkEngineGivesTheBitsOfTheLocalEngineAlsoWithACompressorAndAnAggregator() {
        GradusClassificationModel onSpark = small().setEpochs(1).fit(few);
        GradusClassificationModel local = small().setEpochs(1).setEngine("local").fit(few);
        assertThat(onSpark.weights()).isEqualTo(local.weights());
        assertThat(onSpark.trainLosses()).isEqualTo(local.trainLosses());
        GradusClassifier robust = small().setEpochs(1).setCompressor("topk(density=0.1)").setAggregator("median");
        byte[] robustOnSpark = robust.fit(few).weights();
        assertThat(robust.copy(ParamMap.empty()).setEngine("local").fit(few).weights()).isEqualTo(robustOnSpark);
        assertThat(robustOnSpark).isNotEqualTo(onSpark.weights());
    }

    @Test
    void aFitIsTheTrainerRunOfTheDataParallelStepOnTheSameRows() throws Exception {
        dev.gradus.data.Dataset all = Datasets.load("digits");
        int n = 400;
        double[] x = new double[n * 64];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] row = all.row(i);
            for (int j = 0; j < 64; j++) {
                x[i * 64 + j] = row[j] / 16.0;
            }
            y[i] = all.label(i);
        }
        dev.gradus.data.Dataset rows = dev.gradus.data.Dataset.classification("rows", Tensor.of(x, n, 64), y,
                all.classNames());
        ModelSpec spec = ModelSpec.parse("mlp(hidden=(32,))");
        Module model = spec.build(new int[] {64}, 10, RandomStream.of(7).fork("init"));
        Trainer trainer = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=1e-2)")
                .data(rows, null).epochs(1).batchSize(64).seed(7)
                .step(DataParallelStep.builder().workers(2).build())
                .sampler(WorkersSampler.of(2, ShuffleSampler.of(64, false))).build();
        trainer.fit();
        assertThat(small().setEpochs(1).fit(few).weights()).isEqualTo(ModelWeights.toBytes(model));
    }

    @Test
    void theSameSeedGivesTheSameBitsAndAnotherSeedOthers() {
        GradusClassifier c = small().setEpochs(1).setEngine("local");
        byte[] a = c.fit(few).weights();
        byte[] b = c.fit(few).weights();
        byte[] other = c.copy(ParamMap.empty()).setSeed(8).fit(few).weights();
        assertThat(b).isEqualTo(a);
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void aSavedModelLoadsWithIdenticalPredictions(@TempDir Path dir) throws Exception {
        GradusClassificationModel model = small().setEpochs(1).setEngine("local").fit(few);
        String path = dir.resolve("model").toString();
        model.write().overwrite().save(path);
        GradusClassificationModel loaded = GradusClassificationModel.load(path);
        assertThat(loaded.uid()).isEqualTo(model.uid());
        assertThat(loaded.modelSpecText()).isEqualTo(model.modelSpecText());
        assertThat(loaded.weights()).isEqualTo(model.weights());
        assertThat(raw(loaded.transform(few))).isEqualTo(raw(model.transform(few)));
    }

    @Test
    void aSavedClassifierKeepsItsParams(@TempDir Path dir) throws Exception {
        GradusClassifier c = small().setCompressor("topk(density=0.1)").setAggregator("trimmed_mean(f=0)");
        String path = dir.resolve("estimator").toString();
        c.write().save(path);
        GradusClassifier loaded = GradusClassifier.load(path);
        assertThat(loaded.uid()).isEqualTo(c.uid());
        assertThat(loaded.getModelSpec()).isEqualTo("mlp(hidden=(32,))");
        assertThat(loaded.getOptimizer()).isEqualTo("adam(lr=1e-2)");
        assertThat(loaded.getEpochs()).isEqualTo(3);
        assertThat(loaded.getBatchSize()).isEqualTo(64);
        assertThat(loaded.getSeed()).isEqualTo(7L);
        assertThat(loaded.getWorkers()).isEqualTo(2);
        assertThat(loaded.getCompressor()).isEqualTo("topk(density=0.1)");
        assertThat(loaded.getAggregator()).isEqualTo("trimmed_mean(f=0)");
        assertThat(loaded.getEngine()).isEqualTo("spark");
    }

    @Test
    void runsInAPipelineThatIndexesAndAssemblesColumnsAndTheFittedPipelineRoundTrips(@TempDir Path dir)
            throws Exception {
        Dataset<Row> blobs = MlFixtures.blobs(spark, 150, 1);
        Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {
            new StringIndexer().setInputCol("kind").setOutputCol("label"),
            new VectorAssembler().setInputCols(new String[] {"x", "y"}).setOutputCol("features"),
            new GradusClassifier().setModelSpec("logistic").setOptimizer("sgd(lr=0.5)").setEpochs(4)
                    .setBatchSize(25).setWorkers(2).setSeed(3)});
        PipelineModel fitted = pipeline.fit(blobs);
        Dataset<Row> out = fitted.transform(blobs);
        assertThat(accuracy(out)).isGreaterThan(0.9);
        String path = dir.resolve("pipeline").toString();
        fitted.write().overwrite().save(path);
        PipelineModel loaded = PipelineModel.load(path);
        assertThat(loaded.stages()[2]).isInstanceOf(GradusClassificationModel.class);
        assertThat(raw(loaded.transform(blobs))).isEqualTo(raw(out));
        String unfitted = dir.resolve("unfitted").toString();
        pipeline.write().save(unfitted);
        assertThat(((GradusClassifier) Pipeline.load(unfitted).getStages()[2]).getModelSpec()).isEqualTo("logistic");
    }

    @Test
    void anUnknownOptimizerIsRefusedWhenSetNamingTheParam() {
        assertThatThrownBy(() -> new GradusClassifier().setOptimizer("adamm(lr=1e-3)"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer")
                .hasMessageContaining("adamm");
        assertThatThrownBy(() -> new GradusClassifier().setModelSpec("mlp(hiden=(3,))"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("modelSpec")
                .hasMessageContaining("hiden");
    }

    @Test
    void anUnknownOptimizerPassedInAParamMapIsRefusedWhenFitting() {
        GradusClassifier c = small();
        assertThatThrownBy(() -> c.fit(few, ParamMap.empty().put(c.optimizer().w("nope"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("optimizer")
                .hasMessageContaining("nope");
    }

    @Test
    void aMissingOrMistypedColumnIsNamed() {
        assertThatThrownBy(() -> small().setFeaturesCol("pixels").fit(few))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'pixels'")
                .hasMessageContaining("featuresCol")
                .hasMessageContaining("[features, label]");
        assertThatThrownBy(() -> small().setFeaturesCol("label").fit(few))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an ML vector");
    }

    @Test
    void aLabelThatIsNotAClassIndexIsNamed() {
        Dataset<Row> halves = few.withColumn("label", few.col("label").divide(2));
        assertThatThrownBy(() -> small().fit(halves))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("class indices")
                .hasMessageContaining("0.5");
    }
}
