package dev.gradus.tensor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The column sums of a row-major matrix on the JDK Vector API ({@link Reductions#sumRows}): each vector lane
 * adds one column's elements row by row from zero, the order of the scalar loop, so the bits are the same.
 *
 * <p>Why: for the narrow matrices of small networks (16 columns) the JIT's own vectorisation of the scalar
 * loop does not start (too few iterations per row), and the loop then runs one element at a time.
 *
 * <p>This class links against the incubating module {@code jdk.incubator.vector}; {@link Reductions} uses it
 * only when {@link Elementwise} found that module in the boot layer.
 */
final class VectorColumnSums {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private VectorColumnSums() {}

    /** The number of lanes of a vector: {@link #sumRows} takes column counts that are a multiple of it. */
    static int lanes() {
        return LANES;
    }

    /** {@code out[j] = sum over rows of d[row * cols + j]}, for {@code cols = out.length}, a multiple of {@link #lanes()}. */
    static void sumRows(double[] d, double[] out) {
        int cols = out.length;
        for (int j = 0; j < cols; j += LANES) {
            DoubleVector s = DoubleVector.zero(SPECIES);
            for (int base = j; base < d.length; base += cols) {
                s = s.add(DoubleVector.fromArray(SPECIES, d, base));
            }
            s.intoArray(out, j);
        }
    }
}
