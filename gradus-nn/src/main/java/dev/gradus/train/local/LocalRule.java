package dev.gradus.train.local;

/**
 * How a hidden layer of {@link TargetProjectionStep} turns the projected labels {@code P_l = Y B_l} into its
 * weight gradient. With {@code z_l = W_l h_{l-1} + b_l}, {@code h_l = g(z_l)} and {@code h_{l-1}} held constant:
 */
public enum LocalRule {
    /**
     * tpSGD: the local loss {@code ½ ||h_l - g(P_l)||^2} per example, whose gradient at the pre-activation is
     * {@code (h_l - g(P_l)) ⊙ g'(z_l)}: the layer is pulled toward the activated projection of the label.
     */
    TARGET_PROJECTION,
    /**
     * DRTP (Frenkel, Lefebvre and Bol, "Learning Without Feedback: Fixed Random Learning Signals Allow for
     * Feedforward Training of Deep Neural Networks", Front. Neurosci. 15, 2021): the error at the pre-activation
     * is the projected target itself, {@code delta_l = -P_l ⊙ g'(z_l)}, the surrogate of the unknown output error
     * whose sign is known for one-hot targets; it does not depend on {@code h_l}.
     */
    DRTP
}
