package dev.gradus.optim.bcd;

/**
 * The data matrix {@code A} (rows are samples, columns are coordinates of {@code x}) of a
 * {@link BcdProblem}, seen through the column operations that coordinate descent needs. Implementations:
 * {@link DenseDesignMatrix} and {@link SparseDesignMatrix} (compressed sparse columns).
 */
public interface DesignMatrix {

    /** The number of rows (samples). */
    int rows();

    /** The number of columns (coordinates). */
    int cols();

    /** {@code Σ_k A_kj v_k}: column {@code j} dotted with a vector of length {@link #rows()}. */
    double columnDot(int j, double[] v);

    /** {@code out += s · A_{:,j}}. */
    void addColumn(int j, double s, double[] out);

    /** {@code Σ_k A_ki A_kj w_k}; {@code w == null} means all weights 1. */
    double weightedColumnDot(int i, int j, double[] w);

    /** The number of stored entries (a dense matrix stores all of them). */
    long storedEntries();

    /** {@code out = A x}. */
    default void multiply(double[] x, double[] out) {
        java.util.Arrays.fill(out, 0.0);
        for (int j = 0; j < cols(); j++) {
            if (x[j] != 0.0) {
                addColumn(j, x[j], out);
            }
        }
    }
}
