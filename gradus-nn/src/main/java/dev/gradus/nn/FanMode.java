package dev.gradus.nn;

/**
 * Which fan a variance-scaling initialiser divides by: {@link #FAN_IN} keeps the variance of the
 * forward activations, {@link #FAN_OUT} that of the backward gradients (PyTorch's {@code mode}).
 */
public enum FanMode {
    /** The number of inputs of one output unit: {@code in * kernel size}. */
    FAN_IN,
    /** The number of outputs fed by one input unit: {@code out * kernel size}. */
    FAN_OUT
}
