/**
 * Reading and writing tensors in formats other tools use: {@link dev.gradus.tensor.io.Safetensors}
 * (the format of Hugging Face and PyTorch weights), and writing output safely:
 * {@link dev.gradus.tensor.io.AtomicFiles} (the temporary-file-and-rename write every saved file goes through,
 * alone or in groups replaced together), {@link dev.gradus.tensor.io.DirectoryLock} (one writer per output
 * directory) and {@link dev.gradus.tensor.io.IoErrors} (failures that name the operation and the path).
 */
package dev.gradus.tensor.io;
