/**
 * Optimizer state as named values: {@link dev.gradus.optim.state.StateTree} gives every value of an
 * {@link dev.gradus.optim.OptState} a stable path ({@code 1/mu/layer.weight}) for inspection, and
 * {@link dev.gradus.optim.state.StateFile} saves and loads it as a versioned safetensors file.
 */
package dev.gradus.optim.state;
