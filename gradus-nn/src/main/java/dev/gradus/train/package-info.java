/**
 * Training: the {@link dev.gradus.train.Trainer} loop with per-epoch metrics, callbacks, progress and a
 * non-finite guard; its extension point, the {@link dev.gradus.train.TrainStep} (standard, loss-only, or a
 * module's own: differentially private, data-parallel), whose state checkpoints keep; checkpoints that resume
 * bit for bit; model architectures as a spec family ({@link dev.gradus.train.ModelFactory}: {@code logistic},
 * {@code mlp(hidden=(128, 128), activation=relu)}, {@code cnn}, and whatever a module registers); and weight
 * export as safetensors.
 */
package dev.gradus.train;
