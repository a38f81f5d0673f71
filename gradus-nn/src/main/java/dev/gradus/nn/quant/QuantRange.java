package dev.gradus.nn.quant;

/**
 * The integer range {@code [qn, qp]} of a b-bit quantizer: signed {@code [−2^{b−1}, 2^{b−1} − 1]}, unsigned (inputs
 * after a ReLU) {@code [0, 2^b − 1]} (Esser et al., "Learned Step Size Quantization", ICLR 2020, §2).
 *
 * @param bits the bit width
 * @param qn the lowest integer level (Q_N, as a non-positive number)
 * @param qp the highest integer level (Q_P)
 */
public record QuantRange(int bits, int qn, int qp) {

    /** Signed b-bit range, {@code 2 ≤ b ≤ 16}. */
    public static QuantRange signed(int bits) {
        check(bits);
        return new QuantRange(bits, -(1 << (bits - 1)), (1 << (bits - 1)) - 1);
    }

    /** Unsigned b-bit range, {@code 1 ≤ b ≤ 16}. */
    public static QuantRange unsigned(int bits) {
        if (bits == 1) {
            return new QuantRange(1, 0, 1);
        }
        check(bits);
        return new QuantRange(bits, 0, (1 << bits) - 1);
    }

    private static void check(int bits) {
        if (bits < 2 || bits > 16) {
            throw new IllegalArgumentException("QuantRange: bits must be in [2, 16], got " + bits);
        }
    }
}
