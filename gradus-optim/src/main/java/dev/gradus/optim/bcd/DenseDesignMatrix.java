package dev.gradus.optim.bcd;

import dev.gradus.tensor.Tensor;

/** A dense {@link DesignMatrix}, stored column by column so that the column operations run contiguously. */
public final class DenseDesignMatrix implements DesignMatrix {

    private final int rows;
    private final int cols;
    /** Column-major: entry (k, j) at {@code j * rows + k}. */
    private final double[] colMajor;

    private DenseDesignMatrix(int rows, int cols, double[] colMajor) {
        this.rows = rows;
        this.cols = cols;
        this.colMajor = colMajor;
    }

    /** A copy of a row-major array of rows, all of the same length. */
    public static DenseDesignMatrix ofRows(double[][] a) {
        if (a.length == 0 || a[0].length == 0) {
            throw new IllegalArgumentException("design matrix: needs at least one row and one column");
        }
        int r = a.length;
        int c = a[0].length;
        double[] cm = new double[r * c];
        for (int k = 0; k < r; k++) {
            if (a[k].length != c) {
                throw new IllegalArgumentException("design matrix: row " + k + " has " + a[k].length
                        + " entries, row 0 has " + c);
            }
            for (int j = 0; j < c; j++) {
                cm[j * r + k] = a[k][j];
            }
        }
        return new DenseDesignMatrix(r, c, cm);
    }

    /** A copy of a rank-2 tensor of shape {@code [rows, cols]}. */
    public static DenseDesignMatrix of(Tensor a) {
        if (a.rank() != 2) {
            throw new IllegalArgumentException("design matrix: expected a rank-2 tensor, got shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        int r = a.dim(0);
        int c = a.dim(1);
        double[] d = a.data();
        double[] cm = new double[r * c];
        for (int k = 0; k < r; k++) {
            for (int j = 0; j < c; j++) {
                cm[j * r + k] = d[k * c + j];
            }
        }
        return new DenseDesignMatrix(r, c, cm);
    }

    /** Entry {@code (k, j)}. */
    public double get(int k, int j) {
        return colMajor[j * rows + k];
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
        int off = j * rows;
        double s = 0.0;
        for (int k = 0; k < rows; k++) {
            s += colMajor[off + k] * v[k];
        }
        return s;
    }

    @Override
    public void addColumn(int j, double s, double[] out) {
        int off = j * rows;
        for (int k = 0; k < rows; k++) {
            out[k] += s * colMajor[off + k];
        }
    }

    @Override
    public double weightedColumnDot(int i, int j, double[] w) {
        int oi = i * rows;
        int oj = j * rows;
        double s = 0.0;
        if (w == null) {
            for (int k = 0; k < rows; k++) {
                s += colMajor[oi + k] * colMajor[oj + k];
            }
        } else {
            for (int k = 0; k < rows; k++) {
                s += colMajor[oi + k] * colMajor[oj + k] * w[k];
            }
        }
        return s;
    }

    @Override
    public long storedEntries() {
        return (long) rows * cols;
    }
}
