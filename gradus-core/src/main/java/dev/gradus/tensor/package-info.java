/**
 * Dense float64 tensors and their kernels.
 *
 * <p>{@link dev.gradus.tensor.Tensor} is a row-major {@code double[]} with a shape; its instance methods
 * are the user-facing API ({@code a.add(b).tanh()}, {@code a.matmul(b)}, {@code x.sum(1, true)}). Each
 * delegates to a kernel class grouped by concept, which also takes an optional output tensor for hot loops:
 * <ul>
 *   <li>{@link dev.gradus.tensor.Elementwise}: arithmetic, functions, activations, comparison masks and
 *       {@code where}, all with NumPy broadcasting;</li>
 *   <li>{@link dev.gradus.tensor.Reductions}: sum, mean, max, min, argmax, logsumexp and norms over all
 *       elements or one axis, and {@code sumTo}, the inverse of a broadcast;</li>
 *   <li>{@link dev.gradus.tensor.Products}: matmul (batched, NumPy rules), dot and outer;</li>
 *   <li>{@link dev.gradus.tensor.Softmax}: softmax and log-softmax along an axis;</li>
 *   <li>{@link dev.gradus.tensor.ShapeOps}: transpose, permute, slicing, padding, row gather/scatter-add,
 *       concat, stack and broadcasting;</li>
 *   <li>{@link dev.gradus.tensor.Shapes}: shape arithmetic shared by all of them.</li>
 * </ul>
 * Operations allocate their results; in-place code writes through
 * {@link dev.gradus.tensor.Tensor#data()} and then calls {@link dev.gradus.tensor.Tensor#markModified()}, so
 * that the tensor's version counter (which autodiff checks) sees the change. Matrix products go through {@link dev.gradus.tensor.Blas};
 * randomness comes only from seeded {@link dev.gradus.tensor.RandomStream}s. Shape errors name the
 * operation and the shapes involved.
 */
package dev.gradus.tensor;
