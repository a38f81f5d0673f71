/**
 * Data-parallel training written once, free of any engine: N {@linkplain Worker workers}, each owning the shard
 * {@code shard(i, N)} of the data, compute a message per round (a gradient, {@linkplain Compressor compressed}
 * or {@linkplain Attack forged by a Byzantine worker}); an {@linkplain Aggregator aggregator} combines the
 * messages in worker order and any gradus-optim transform applies the result. {@link DataParallelStep} plugs
 * the model into the {@link dev.gradus.train.Trainer}; {@link InProcessEngine} runs the workers on threads with
 * results that do not depend on the number of threads. Every per-worker value (error-feedback residuals, local
 * momenta) is step state, so it is in every checkpoint and resumes bit for bit.
 *
 * <p><b>Another engine</b> (Spark) runs the same round from the same parts: {@link Worker#compute} for each worker
 * where its shard is (a pure function of the parameters, the slice, the worker's state and its stream), then
 * {@link Server#combine} on the messages in worker order, then the optimizer; a {@link CollectiveCompressor}'s
 * {@code round} runs on the driver.
 */
package dev.gradus.distributed;
