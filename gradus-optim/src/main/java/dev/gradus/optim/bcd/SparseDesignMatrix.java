package dev.gradus.optim.bcd;

import java.util.Arrays;

/**
 * A sparse {@link DesignMatrix} in compressed sparse column form: column {@code j} holds the entries
 * {@code values[colStart[j] .. colStart[j+1])} at rows {@code rowIndex[...]}, rows strictly increasing.
 */
public final class SparseDesignMatrix implements DesignMatrix {

    private final int rows;
    private final int cols;
    private final int[] colStart;
    private final int[] rowIndex;
    private final double[] values;

    private SparseDesignMatrix(int rows, int cols, int[] colStart, int[] rowIndex, double[] values) {
        this.rows = rows;
        this.cols = cols;
        this.colStart = colStart;
        this.rowIndex = rowIndex;
        this.values = values;
    }

    /**
     * Builds the matrix from compressed sparse columns, checking the structure.
     *
     * @throws IllegalArgumentException naming the column and entry when the arrays are inconsistent
     */
    public static SparseDesignMatrix ofCsc(int rows, int cols, int[] colStart, int[] rowIndex, double[] values) {
        if (rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("sparse design matrix: rows and cols must be positive, got "
                    + rows + "x" + cols);
        }
        if (colStart.length != cols + 1 || colStart[0] != 0 || colStart[cols] != rowIndex.length
                || rowIndex.length != values.length) {
            throw new IllegalArgumentException("sparse design matrix: colStart must have cols+1 = " + (cols + 1)
                    + " entries from 0 to nnz, and rowIndex and values nnz entries each");
        }
        for (int j = 0; j < cols; j++) {
            if (colStart[j + 1] < colStart[j]) {
                throw new IllegalArgumentException("sparse design matrix: colStart decreases at column " + j);
            }
            for (int p = colStart[j]; p < colStart[j + 1]; p++) {
                int r = rowIndex[p];
                if (r < 0 || r >= rows || (p > colStart[j] && r <= rowIndex[p - 1])) {
                    throw new IllegalArgumentException("sparse design matrix: column " + j + " entry " + (p - colStart[j])
                            + " has row " + r + "; rows must be in [0, " + rows + ") and strictly increasing");
                }
            }
        }
        return new SparseDesignMatrix(rows, cols, colStart.clone(), rowIndex.clone(), values.clone());
    }

    /** The nonzero entries of a dense row-major array, in compressed sparse column form. */
    public static SparseDesignMatrix ofDense(double[][] a) {
        int r = a.length;
        int c = a[0].length;
        int[] start = new int[c + 1];
        int nnz = 0;
        for (int j = 0; j < c; j++) {
            for (double[] row : a) {
                if (row[j] != 0.0) {
                    nnz++;
                }
            }
            start[j + 1] = nnz;
        }
        int[] ri = new int[nnz];
        double[] v = new double[nnz];
        int p = 0;
        for (int j = 0; j < c; j++) {
            for (int k = 0; k < r; k++) {
                if (a[k][j] != 0.0) {
                    ri[p] = k;
                    v[p++] = a[k][j];
                }
            }
        }
        return new SparseDesignMatrix(r, c, start, ri, v);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    @Override
    public double columnDot(int j, double[] v) {
        double s = 0.0;
        for (int p = colStart[j]; p < colStart[j + 1]; p++) {
            s += values[p] * v[rowIndex[p]];
        }
        return s;
    }

    @Override
    public void addColumn(int j, double s, double[] out) {
        for (int p = colStart[j]; p < colStart[j + 1]; p++) {
            out[rowIndex[p]] += s * values[p];
        }
    }

    @Override
    public double weightedColumnDot(int i, int j, double[] w) {
        // Merge of two sorted row lists.
        int p = colStart[i];
        int q = colStart[j];
        int pe = colStart[i + 1];
        int qe = colStart[j + 1];
        double s = 0.0;
        while (p < pe && q < qe) {
            int rp = rowIndex[p];
            int rq = rowIndex[q];
            if (rp == rq) {
                s += values[p] * values[q] * (w == null ? 1.0 : w[rp]);
                p++;
                q++;
            } else if (rp < rq) {
                p++;
            } else {
                q++;
            }
        }
        return s;
    }

    @Override
    public long storedEntries() {
        return values.length;
    }

    @Override
    public String toString() {
        return "SparseDesignMatrix[" + rows + "x" + cols + ", nnz=" + values.length + ", colStart="
                + Arrays.toString(Arrays.copyOf(colStart, Math.min(4, colStart.length))) + "...]";
    }
}
