/**
 * Quantization-aware training: fake quantization with the clipped straight-through estimator and learned step sizes
 * (LSQ) in {@link dev.gradus.nn.quant.FakeQuant}, integer ranges in {@link dev.gradus.nn.quant.QuantRange}, and
 * {@link dev.gradus.nn.quant.QuantLinear}, an affine layer whose weights and inputs are fake-quantized at a selectable
 * bit width with one learned step per width (EQ-Net's elastic supernet: one weight set, several precisions).
 */
package dev.gradus.nn.quant;
