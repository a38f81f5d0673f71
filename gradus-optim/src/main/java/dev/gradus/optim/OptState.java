package dev.gradus.optim;

/**
 * The state of a {@link GradientTransformation}: a record created eagerly by {@code init} and advanced
 * in place by {@code update}.
 *
 * <p>Implementations are records whose components are, recursively, only these types:
 * {@link dev.gradus.tensor.TensorMap} (one slot per parameter name, such as Adam's {@code mu}),
 * {@link Counter} (a step count), {@link MutableScalar}, {@link dev.gradus.tensor.RandomStream},
 * another {@code OptState}, a {@code List<OptState>} (a chain) or a {@code Map<String, OptState>}
 * (a partition by label). Because the structure is fixed at {@code init}, every value has a stable
 * path such as {@code 1/mu/layer.weight}, which saving, loading and inspection use.
 */
public interface OptState {
}
