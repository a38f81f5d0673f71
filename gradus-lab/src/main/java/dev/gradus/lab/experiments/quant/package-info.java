/**
 * Lab experiments on quantization-aware training ({@link dev.gradus.nn.quant}): EQ-Net's elastic supernet against
 * dedicated QAT, and GAQAT's scale-gradient conflicts under SAM. Each class builds the scaled-down task, trains over
 * seeds and states the claims; {@link dev.gradus.lab.experiments.quant.QuantMlp} is the small quantized network both
 * use.
 */
package dev.gradus.lab.experiments.quant;
