/**
 * Gradus as a Spark ML stage: {@link dev.gradus.spark.ml.GradusClassifier} and
 * {@link dev.gradus.spark.ml.GradusRegressor} train a model of the spec language ({@code mlp(hidden=(64,))},
 * {@code logistic}) on a DataFrame's {@code features} vector column and {@code label} column with any optimizer spec
 * ({@code adam(lr=1e-3)}), data-parallel over {@code workers} workers (by default one per partition of the
 * DataFrame) with a compressor and an aggregator of gradus-distributed; their models add the prediction columns
 * and save and load through {@code MLWritable} / {@code MLReadable}, alone or inside a {@code PipelineModel}.
 *
 * <pre>{@code
 * GradusClassifier mlp = new GradusClassifier()
 *         .setModelSpec("mlp(hidden=(64,))").setOptimizer("adam(lr=1e-3)")
 *         .setEpochs(10).setBatchSize(32).setSeed(7).setWorkers(2);
 * PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {assembler, mlp}).fit(train);
 * fitted.transform(test).select("prediction", "probability").show();
 * fitted.write().overwrite().save("models/digits");
 * }</pre>
 *
 * <p><b>Java and Spark ML.</b> Spark's shared params (the column names) are Scala trait values that are created
 * while the Scala super-constructor runs, and they ask for the stage's {@code uid} then, before a Java subclass
 * has assigned any field; {@code PendingUid} hands the uid to that early call.
 */
package dev.gradus.spark.ml;
