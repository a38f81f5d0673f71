/**
 * Training: the {@link dev.gradus.train.Trainer} loop with per-epoch metrics, callbacks, progress and a
 * non-finite guard; checkpoints that resume bit for bit; model specs such as
 * {@code mlp(hidden=(128, 128), activation=relu)}; and weight export as safetensors.
 */
package dev.gradus.train;
