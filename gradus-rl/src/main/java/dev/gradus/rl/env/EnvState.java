package dev.gradus.rl.env;

import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * Everything an {@link Environment} needs to continue bit for bit: its values (physical state, elapsed steps,
 * whether it needs a reset, and for some environments the level being played) and its random stream. A state tree
 * ({@code dev.gradus.optim.state.StateTree}), so it saves and loads with {@code StateFile} like optimizer state.
 *
 * @param values the environment's own encoding of its state, as a vector
 * @param random its random stream (resets and noise)
 */
public record EnvState(Tensor values, RandomStream random) implements OptState {}
