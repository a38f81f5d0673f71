/**
 * Data-parallel training of gradus-distributed on Apache Spark: each round broadcasts the parameters, each
 * partition runs {@link dev.gradus.distributed.Worker#compute} for its workers, and the driver combines the
 * messages in worker order ({@link dev.gradus.distributed.Server#combine}), so a run gives the bits of the
 * in-process engine with the same workers and seeds. Spark is a {@code provided} dependency: a user's cluster
 * supplies it.
 */
package dev.gradus.spark;
