/**
 * Data sets and the readers that load them: the data side of training.
 *
 * <p>A {@link dev.gradus.data.Dataset} is an immutable matrix of float64 features with class labels or
 * regression targets. It splits by seed ({@link dev.gradus.data.Split}, stratified for classes), standardises
 * with training statistics only ({@link dev.gradus.data.Standardizer}), one-hot encodes
 * ({@link dev.gradus.data.OneHot}) and iterates in mini-batches ({@link dev.gradus.data.DataLoader}) chosen by
 * a {@link dev.gradus.data.Sampler} (shuffle, sequential, Poisson, shard: the {@link dev.gradus.data.SamplerSpec}
 * family), each batch a pure function of a seed, the epoch and its index, so training resumes bit for bit.
 *
 * <p>Readers for the files users have: {@link dev.gradus.data.CsvReader}, {@link dev.gradus.data.LibsvmReader}
 * and {@link dev.gradus.data.IdxReader} (MNIST), each on a path or a stream, gzip or not. A malformed input
 * raises a {@link dev.gradus.data.DataException} naming the file, the line and what was wrong, and nothing
 * partial is returned. {@link dev.gradus.data.Datasets} loads the bundled real data sets through the same
 * readers and resolves a command line's {@code --data NAME|PATH}.
 */
package dev.gradus.data;
