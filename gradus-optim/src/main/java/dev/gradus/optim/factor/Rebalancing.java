package dev.gradus.optim.factor;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The one-step modification of over-parameterised asymmetric matrix sensing: a product-preserving re-balancing
 * of the factors of {@code M = F Gᵀ} ({@code F} is n1×k, {@code G} is n2×k) that makes {@code F} well
 * conditioned,
 * <pre>
 *   R = (FᵀF)^{-1/2}          (k×k, by the symmetric eigendecomposition FᵀF = V diag(λ) Vᵀ)
 *   F ← F R,   G ← G R^{-1} = G (FᵀF)^{1/2}
 * </pre>
 * so {@code F Gᵀ} is unchanged (up to rounding) while every singular value of {@code F} becomes 1. Gradient
 * descent approximately preserves the imbalance {@code FᵀF − GᵀG}; from a small initialisation of scale α it
 * is O(α²), which makes the excess directions of an over-parameterised (k &gt; r) factorisation contract at a
 * rate O(η α²). After this step the imbalance is O(1) and they contract at O(η), the exact-parameterisation
 * rate, whatever α was. Run it once, when the iterates are close to the optimum, in place of one GD step.
 *
 * <p>Reference: N. Xiong, L. Ding, S. S. Du, "How Over-Parameterization Slows Down Gradient Descent in Matrix
 * Sensing: The Curses of Symmetry and Initialization", ICLR 2024, Section 5 (eq. 5.1). <b>This is a
 * reconstruction</b>: the exact eq. 5.1 could not be retrieved, and the form above is the product-preserving
 * re-balancing that public reviews of the paper describe (the "imbalance" FᵀF − GᵀG governs the rate). The
 * lab's {@code matrix-sensing} experiment checks its effect, an α-independent linear rate after the step, not
 * its identity with eq. 5.1.
 *
 * <pre>{@code
 * Rebalancing.rebalance(params, "F", "G");   // in place; params.get("F") F Gᵀ is unchanged
 * }</pre>
 */
public final class Rebalancing {
    private Rebalancing() {}

    /** Re-balances the factors {@code params[left]} (F) and {@code params[right]} (G) in place. */
    public static void rebalance(TensorMap params, String left, String right) {
        for (String name : new String[] {left, right}) {
            if (!params.contains(name)) {
                throw new IllegalArgumentException("rebalance: no parameter '" + name + "'; the parameters are "
                        + params.names());
            }
        }
        rebalance(params.get(left), params.get(right));
    }

    /**
     * Re-balances {@code f} (n1×k) and {@code g} (n2×k) in place.
     *
     * @throws IllegalArgumentException when a factor is not a matrix, the ranks k differ, or F does not have
     *     full column rank (FᵀF singular); the factors are then unchanged
     */
    public static void rebalance(Tensor f, Tensor g) {
        if (f.rank() != 2 || g.rank() != 2 || f.dim(1) != g.dim(1)) {
            throw new IllegalArgumentException("rebalance: the factors must be matrices n1 x k and n2 x k with the"
                    + " same k, got F " + Arrays.toString(f.shape()) + " and G " + Arrays.toString(g.shape()));
        }
        int n1 = f.dim(0);
        int n2 = g.dim(0);
        int k = f.dim(1);
        double[] ftf = new double[k * k];
        Blas.dgemm(true, false, k, k, n1, 1.0, f.data(), 0, k, f.data(), 0, k, 0.0, ftf, 0, k);
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(k, true, true);
        if (!eig.decompose(new DMatrixRMaj(k, k, true, ftf))) {
            throw new IllegalArgumentException("rebalance: the eigendecomposition of FᵀF did not converge");
        }
        double largest = 0;
        for (int e = 0; e < k; e++) {
            largest = Math.max(largest, eig.getEigenvalue(e).getReal());
        }
        double[] inv = new double[k * k];   // (FᵀF)^{-1/2}
        double[] root = new double[k * k];  // (FᵀF)^{1/2}
        for (int e = 0; e < k; e++) {
            double lambda = eig.getEigenvalue(e).getReal();
            if (!(lambda > largest * 1e-14)) { // below rounding of the largest: F has no full column rank
                throw new IllegalArgumentException("rebalance: FᵀF is singular (eigenvalue " + lambda + ", largest "
                        + largest + "); the modification needs F of full column rank " + k);
            }
            DMatrixRMaj v = eig.getEigenVector(e);
            double s = Math.sqrt(lambda);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double vv = v.get(i) * v.get(j);
                    inv[i * k + j] += vv / s;
                    root[i * k + j] += vv * s;
                }
            }
        }
        double[] nf = new double[n1 * k];
        double[] ng = new double[n2 * k];
        Blas.dgemm(false, false, n1, k, k, 1.0, f.data(), 0, k, inv, 0, k, 0.0, nf, 0, k);
        Blas.dgemm(false, false, n2, k, k, 1.0, g.data(), 0, k, root, 0, k, 0.0, ng, 0, k);
        System.arraycopy(nf, 0, f.data(), 0, nf.length);
        System.arraycopy(ng, 0, g.data(), 0, ng.length);
    }
}
