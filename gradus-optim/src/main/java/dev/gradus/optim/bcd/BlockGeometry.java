package dev.gradus.optim.bcd;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;

/**
 * What the selection rules know about a fixed partition of a {@link BcdProblem}: the blocks, the per-coordinate
 * constants {@code L_i}, the block constants {@code L_b = λ_max(M_b)} and the pseudo-inverses {@code M_b⁺} of the
 * block Hessian bounds (for GSQ), all computed once.
 */
public final class BlockGeometry {

    private final int[][] blocks;
    private final double[] coordinateL;
    private final double[] blockL;
    private final DMatrixRMaj[] boundPinv;

    private BlockGeometry(int[][] blocks, double[] coordinateL, double[] blockL, DMatrixRMaj[] boundPinv) {
        this.blocks = blocks;
        this.coordinateL = coordinateL;
        this.blockL = blockL;
        this.boundPinv = boundPinv;
    }

    /** The geometry of {@code problem} cut by {@code partition} into blocks of {@code blockSize}. */
    public static BlockGeometry of(BcdProblem problem, Partition partition, int blockSize) {
        double[] li = problem.coordinateLipschitz();
        int[][] blocks = partition.blocks(li, blockSize);
        double[] lb = new double[blocks.length];
        DMatrixRMaj[] pinv = new DMatrixRMaj[blocks.length];
        for (int b = 0; b < blocks.length; b++) {
            DMatrixRMaj m = problem.blockHessianBound(blocks[b]);
            lb[b] = largestEigenvalue(m);
            pinv[b] = pseudoInverse(m);
        }
        return new BlockGeometry(blocks, li, lb, pinv);
    }

    /** {@code λ_max} of a symmetric positive semi-definite matrix: its spectral norm. */
    static double largestEigenvalue(DMatrixRMaj psd) {
        return psd.numRows == 1 ? psd.get(0, 0) : NormOps_DDRM.normP2(psd);
    }

    /** The Moore-Penrose pseudo-inverse (the inverse when the matrix is regular). */
    static DMatrixRMaj pseudoInverse(DMatrixRMaj m) {
        DMatrixRMaj inv = new DMatrixRMaj(m.numRows, m.numCols);
        CommonOps_DDRM.pinv(m, inv);
        return inv;
    }

    /** The number of blocks. */
    public int blockCount() {
        return blocks.length;
    }

    /** The coordinates of block {@code b} (not a copy: do not modify). */
    public int[] block(int b) {
        return blocks[b];
    }

    /** {@code L_i} of every coordinate (not a copy). */
    public double[] coordinateLipschitz() {
        return coordinateL;
    }

    /** {@code L_b = λ_max(M_b)} of block {@code b}. */
    public double blockLipschitz(int b) {
        return blockL[b];
    }

    /** {@code M_b⁺}, the pseudo-inverse of block {@code b}'s Hessian bound. */
    DMatrixRMaj boundPseudoInverse(int b) {
        return boundPinv[b];
    }
}
