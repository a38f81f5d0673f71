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
 *
 * <p>Paths ({@link dev.gradus.optim.state.StateTree}): a record component contributes its name, a
 * {@code TensorMap} the parameter name, and a {@code List<OptState>} or {@code Map<String, OptState>}
 * component only the index or label (the list or map is inlined). A state with a step counter
 * implements {@link Counted}; schedules are evaluated at that count. Records are rebuilt through their
 * canonical constructor when a state is loaded or copied, so they must not have side effects there.
 */
public interface OptState {
}
