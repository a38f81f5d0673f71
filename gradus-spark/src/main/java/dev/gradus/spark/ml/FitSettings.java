package dev.gradus.spark.ml;

import java.io.Serializable;

/**
 * The checked settings of one fit, read from an estimator's params ({@link TrainingParams}).
 *
 * @param modelSpec the model spec
 * @param optimizer the optimizer spec
 * @param epochs passes over the data
 * @param batchSize each worker's examples per round
 * @param seed the run's seed
 * @param workers the workers, 0 for one per partition
 * @param compressor the compressor spec
 * @param aggregator the aggregator spec
 * @param engine {@code spark} or {@code local}
 */
record FitSettings(String modelSpec, String optimizer, int epochs, int batchSize, long seed, int workers,
        String compressor, String aggregator, String engine) implements Serializable {}
