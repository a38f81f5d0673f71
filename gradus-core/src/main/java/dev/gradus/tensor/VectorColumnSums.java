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
        int j = 0;
        for (; j + 4 * LANES <= cols; j += 4 * LANES) { // four columns of vectors side by side: independent chains
            DoubleVector s0 = DoubleVector.zero(SPECIES);
            DoubleVector s1 = s0;
            DoubleVector s2 = s0;
            DoubleVector s3 = s0;
            for (int base = j; base < d.length; base += cols) {
                s0 = s0.add(DoubleVector.fromArray(SPECIES, d, base));
                s1 = s1.add(DoubleVector.fromArray(SPECIES, d, base + LANES));
                s2 = s2.add(DoubleVector.fromArray(SPECIES, d, base + 2 * LANES));
                s3 = s3.add(DoubleVector.fromArray(SPECIES, d, base + 3 * LANES));
            }
            s0.intoArray(out, j);
            s1.intoArray(out, j + LANES);
            s2.intoArray(out, j + 2 * LANES);
            s3.intoArray(out, j + 3 * LANES);
        }
        for (; j < cols; j += LANES) {
            DoubleVector s = DoubleVector.zero(SPECIES);
            for (int base = j; base < d.length; base += cols) {
                s = s.add(DoubleVector.fromArray(SPECIES, d, base));
            }
            s.intoArray(out, j);
        }
    }
}
