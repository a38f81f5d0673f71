/**
 * Reading and writing tensors in formats other tools use: {@link dev.gradus.tensor.io.Safetensors}
 * (the format of Hugging Face and PyTorch weights), and {@link dev.gradus.tensor.io.AtomicFiles} (the
 * temporary-file-and-rename write every saved file goes through).
 */
package dev.gradus.tensor.io;
