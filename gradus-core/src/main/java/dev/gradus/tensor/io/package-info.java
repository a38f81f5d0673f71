/**
 * Reading and writing tensors in formats other tools use: {@link dev.gradus.tensor.io.Safetensors}
 * (the format of Hugging Face and PyTorch weights).
 */
package dev.gradus.tensor.io;
