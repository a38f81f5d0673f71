package dev.gradus.spark.ml;

import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Gradus training params of an estimator ({@link GradusClassifier}, {@link GradusRegressor}): the accessors,
 * setters and getters of {@link TrainingParams}, written once. Spark's Scala stages share params through traits
 * ({@code HasMaxIter}, ...); Java has no traits, so these default methods stand in for them, and each estimator
 * only supplies its {@link TrainingParams} and its stage name. Setters refuse an invalid value at once, with
 * gradus's message and the param's name.
 *
 * @param <S> the estimator, which the setters return
 */
public interface HasTrainingParams<S extends HasTrainingParams<S>> extends Params {

    /** The params themselves (one instance per estimator, created with its uid). */
    TrainingParams trainingParams();

    /** The stage's name in error messages, such as {@code GradusClassifier}. */
    String stageName();

    /** Param: the model spec, such as {@code mlp(hidden=(64,))} or {@code logistic}. */
    default Param<String> modelSpec() {
        return trainingParams().modelSpec;
    }

    /** Param: the optimizer spec, such as {@code adam(lr=1e-3)}. */
    default Param<String> optimizer() {
        return trainingParams().optimizer;
    }

    /** Param: passes over the training data. */
    default IntParam epochs() {
        return trainingParams().epochs;
    }

    /** Param: each worker's examples per round. */
    default IntParam batchSize() {
        return trainingParams().batchSize;
    }

    /** Param: the seed of the initial weights, the data order and the workers' streams. */
    default LongParam seed() {
        return trainingParams().seed;
    }

    /** Param: the data-parallel workers, 0 for one per partition. */
    default IntParam workers() {
        return trainingParams().workers;
    }

    /** Param: each worker's compressor spec, such as {@code none} or {@code topk(density=0.01)}. */
    default Param<String> compressor() {
        return trainingParams().compressor;
    }

    /** Param: the server's aggregator spec, such as {@code mean} or {@code trimmed_mean(f=1)}. */
    default Param<String> aggregator() {
        return trainingParams().aggregator;
    }

    /** Param: where the rounds run, {@code spark} or {@code local}. */
    default Param<String> engine() {
        return trainingParams().engine;
    }

    /** Sets the model spec; an invalid spec is refused now, with gradus's message. */
    default S setModelSpec(String spec) {
        return put(modelSpec(), TrainingParams.check(modelSpec(), spec));
    }

    /** Sets the optimizer spec; an invalid spec is refused now, with gradus's message. */
    default S setOptimizer(String spec) {
        return put(optimizer(), TrainingParams.check(optimizer(), spec));
    }

    /** Sets the epochs (at least 1). */
    default S setEpochs(int epochs) {
        return put(epochs(), TrainingParams.positive(epochs(), epochs));
    }

    /** Sets each worker's batch size (at least 1). */
    default S setBatchSize(int size) {
        return put(batchSize(), TrainingParams.positive(batchSize(), size));
    }

    /** Sets the seed. */
    default S setSeed(long seed) {
        return put(seed(), seed);
    }

    /** Sets the workers (0 for one per partition). */
    default S setWorkers(int workers) {
        if (workers < 0) {
            throw new IllegalArgumentException(stageName() + ": workers=" + workers + " must be 0 or more");
        }
        return put(workers(), workers);
    }

    /** Sets the compressor spec; an invalid spec is refused now. */
    default S setCompressor(String spec) {
        return put(compressor(), TrainingParams.check(compressor(), spec));
    }

    /** Sets the aggregator spec; an invalid spec is refused now. */
    default S setAggregator(String spec) {
        return put(aggregator(), TrainingParams.check(aggregator(), spec));
    }

    /** Sets the engine: {@code spark} (the DataFrame's Spark context) or {@code local} (the driver's threads). */
    default S setEngine(String engine) {
        return put(engine(), TrainingParams.engine(engine));
    }

    /** The engine. */
    default String getEngine() {
        return getOrDefault(engine());
    }

    /** The model spec. */
    default String getModelSpec() {
        return getOrDefault(modelSpec());
    }

    /** The optimizer spec. */
    default String getOptimizer() {
        return getOrDefault(optimizer());
    }

    /** The epochs. */
    default int getEpochs() {
        return (Integer) getOrDefault(epochs());
    }

    /** Each worker's batch size. */
    default int getBatchSize() {
        return (Integer) getOrDefault(batchSize());
    }

    /** The seed. */
    default long getSeed() {
        return (Long) getOrDefault(seed());
    }

    /** The workers (0: one per partition). */
    default int getWorkers() {
        return (Integer) getOrDefault(workers());
    }

    /** The compressor spec. */
    default String getCompressor() {
        return getOrDefault(compressor());
    }

    /** The aggregator spec. */
    default String getAggregator() {
        return getOrDefault(aggregator());
    }

    @SuppressWarnings("unchecked")
    private <T> S put(Param<T> param, Object value) {
        set((Param<Object>) (Param<?>) param, value);
        return (S) this;
    }
}
