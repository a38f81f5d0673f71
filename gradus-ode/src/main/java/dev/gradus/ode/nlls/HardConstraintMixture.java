package dev.gradus.ode.nlls;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The physics-informed hard-constraint mixture of experts (PI-HC-MoE; Chalapathi, Du and Krishnapriyan, "Scaling
 * physics-informed hard constraints with mixture-of-experts", ICLR 2024). A shared network gives basis functions
 * {@code b(x) in R^n}; a fixed {@link Router} splits the domain into {@code K} subdomains; expert {@code k} finds its
 * own coefficients by a nonlinear least-squares solve over the constraint points in its subdomain only,
 * <pre>
 *   omega_k = argmin_w 1/2 ||r_k(w, theta_k)||^2     (theta_k: the basis and its derivatives at those points)
 *   u(x)    = b(x)^T omega_{k(x)}
 * </pre>
 * and each solve is a {@link DifferentiableLeastSquares} layer, so the gradient reaches the shared basis through the
 * implicit function theorem at each expert's optimum, expert by expert. {@code K = 1} is the single hard-constraint
 * solve.
 *
 * <p>Each expert's solve starts from its previous solution (a warm start; it gets no gradient, so it changes only the
 * LM iteration count), or from zeros the first time and after {@link #reset()}. The experts are solved one after the
 * other: deterministic, and at {@code K} solves of {@code m/K} points the serial cost is {@code O(m n^2 + K n^3)}
 * against {@code O(m n^2 + n^3)} for one solve; the paper's speed-up comes from solving them in parallel on
 * accelerators. Nothing couples neighbouring experts in the solves (the paper's own caveat): continuity across
 * subdomain interfaces is left to the training loss.
 */
public final class HardConstraintMixture {
    private final Router router;
    private final DifferentiableLeastSquares[] layers;
    private final Tensor[] warm;
    private final int basisSize;

    /** A mixture over {@code router}'s subdomains with {@code basisSize} coefficients per expert. */
    public HardConstraintMixture(Router router, int basisSize, LevenbergMarquardt solver, Linearization linearization) {
        if (router == null || solver == null || linearization == null) {
            throw new IllegalArgumentException("HardConstraintMixture: router, solver and linearization must not be null");
        }
        if (basisSize < 1) {
            throw new IllegalArgumentException("HardConstraintMixture: basisSize must be >= 1, got " + basisSize);
        }
        this.router = router;
        this.basisSize = basisSize;
        this.layers = new DifferentiableLeastSquares[router.experts()];
        this.warm = new Tensor[router.experts()];
        for (int k = 0; k < layers.length; k++) {
            layers[k] = new DifferentiableLeastSquares(solver, linearization);
        }
    }

    /** The router. */
    public Router router() {
        return router;
    }

    /** The number of experts {@code K}. */
    public int experts() {
        return layers.length;
    }

    /** The number of basis functions {@code n}. */
    public int basisSize() {
        return basisSize;
    }

    /** Forgets the warm starts. */
    public void reset() {
        java.util.Arrays.fill(warm, null);
    }

    /**
     * One solve per expert: {@code constraint} is the residual {@code r_k(w, theta_k)} (the same function for every
     * expert, fed with that expert's points) and {@code thetaPerExpert.get(k)} its inputs. Returns {@code omega_k}
     * {@code [n]} for each expert, differentiable with respect to the inputs that require grad.
     */
    public Var[] solve(ResidualFunction constraint, List<List<Var>> thetaPerExpert) {
        if (thetaPerExpert.size() != layers.length) {
            throw new IllegalArgumentException("HardConstraintMixture.solve: got inputs for " + thetaPerExpert.size()
                    + " experts, the router has " + layers.length);
        }
        Var[] omegas = new Var[layers.length];
        for (int k = 0; k < layers.length; k++) {
            Tensor start = warm[k] == null ? Tensor.zeros(basisSize) : warm[k];
            omegas[k] = layers[k].solve(constraint, start, thetaPerExpert.get(k));
            if (omegas[k].value().size() != basisSize) {
                throw new IllegalArgumentException("HardConstraintMixture.solve: expert " + k + " returned "
                        + omegas[k].value().size() + " coefficients, expected " + basisSize);
            }
            warm[k] = omegas[k].value().copy();
        }
        return omegas;
    }

    /** The forward solver's result for expert {@code k} in the last {@link #solve}. */
    public LevenbergMarquardt.Result lastResult(int k) {
        return layers[k].lastResult();
    }

    /**
     * The mixture's prediction {@code u_i = b_i^T omega_{expertOfRow[i]}} for the rows of {@code basis [p, n]}
     * (the basis, or any of its derivatives, at {@code p} points), differentiable in the basis and the coefficients.
     */
    public static Var predict(Var basis, int[] expertOfRow, Var[] omegas) {
        if (basis.rank() != 2 || basis.dim(0) != expertOfRow.length) {
            throw new IllegalArgumentException("HardConstraintMixture.predict: basis must be [" + expertOfRow.length
                    + ", n] (one row per routed point), got " + java.util.Arrays.toString(basis.shape()));
        }
        List<Var> rows = new ArrayList<>(omegas.length);
        for (Var w : omegas) {
            rows.add(w);
        }
        for (int e : expertOfRow) {
            if (e < 0 || e >= omegas.length) {
                throw new IllegalArgumentException("HardConstraintMixture.predict: expert index " + e
                        + " outside [0, " + omegas.length + ")");
            }
        }
        Var perRow = Var.stack(rows, 0).indexSelect(expertOfRow); // [p, n]
        return basis.mul(perRow).sum(1, false);
    }
}
