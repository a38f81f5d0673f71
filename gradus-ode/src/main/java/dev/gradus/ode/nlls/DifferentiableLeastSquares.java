package dev.gradus.ode.nlls;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Backward;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * A differentiable nonlinear least-squares layer (an argmin layer): the output is
 * <pre>
 *   w*(theta) = argmin_w 1/2 ||r(w, theta)||^2
 * </pre>
 * found by {@link LevenbergMarquardt} in the forward pass, and differentiated by the implicit function theorem at the
 * solution (as in Chalapathi, Du and Krishnapriyan, "Scaling physics-informed hard constraints with mixture-of-experts",
 * ICLR 2024). At the optimum {@code grad_w F(w*, theta) = J^T r = 0}, so
 * <pre>
 *   d w* / d theta = -H^-1 d^2F/(dw dtheta)         (exact)
 *              ~ -(J^T J)^-1 J^T J_theta         (Gauss-Newton)
 * </pre>
 * and the backward pass, given the upstream gradient {@code u = dL/dw*}, solves {@code A v = u} with
 * {@code A = H} or {@code A = J^T J} (see {@link Linearization}), then returns the vector-Jacobian product
 * <pre>
 *   dL/dtheta = -(J_theta)^T (J v)                   (Gauss-Newton: one reverse pass through r)
 *             = -d/dtheta [ v . grad_w F(w*, theta) ] (exact: a reverse pass through the gradient graph)
 * </pre>
 * Both linear systems get a ridge {@code 1e-12 * max(1, max_i A_ii)} so that they stay solvable when {@code J} is rank
 * deficient; its effect on the gradient is of relative order {@code 1e-12 / sigma_min(J)^2}. The Gauss-Newton system
 * is solved by Cholesky, the exact one by LU (the Hessian need not be definite when LM stopped early).
 *
 * <p>The solution depends on {@code theta} only: the starting point {@code w0} gets no gradient. The backward rule is
 * first order: a {@link Autodiff#gradGraph} through this layer (a second derivative) is refused with an error rather
 * than silently wrong. The derivative is that of the exact minimiser, so it matches finite differences of the solve
 * only as far as LM converged; the layer's tests check it to 1e-6 through the whole solve.
 *
 * <pre>{@code
 * DifferentiableLeastSquares layer = DifferentiableLeastSquares.gaussNewton(LevenbergMarquardt.defaults());
 * Var w = layer.solve(residual, Tensor.zeros(n), List.of(basis));    // basis: a Var from a network
 * Var loss = someLoss(w);  Autodiff.backward(loss);                   // reaches the network through the IFT
 * }</pre>
 */
public final class DifferentiableLeastSquares {
    /** The relative ridge added to the backward system. */
    public static final double BACKWARD_RIDGE = 1e-12;

    private final LevenbergMarquardt solver;
    private final Linearization linearization;
    private LevenbergMarquardt.Result last;

    /** A layer solving with {@code solver} and differentiating with {@code linearization}. */
    public DifferentiableLeastSquares(LevenbergMarquardt solver, Linearization linearization) {
        if (solver == null || linearization == null) {
            throw new IllegalArgumentException("DifferentiableLeastSquares: solver and linearization must not be null");
        }
        this.solver = solver;
        this.linearization = linearization;
    }

    /** The Gauss-Newton layer (the paper's backward). */
    public static DifferentiableLeastSquares gaussNewton(LevenbergMarquardt solver) {
        return new DifferentiableLeastSquares(solver, Linearization.GAUSS_NEWTON);
    }

    /** The exact-Hessian layer. */
    public static DifferentiableLeastSquares exact(LevenbergMarquardt solver) {
        return new DifferentiableLeastSquares(solver, Linearization.EXACT);
    }

    /** The forward solver's result of the last {@link #solve} (iterations, cost, termination), or null before one. */
    public LevenbergMarquardt.Result lastResult() {
        return last;
    }

    /** The linearization used by the backward pass. */
    public Linearization linearization() {
        return linearization;
    }

    /**
     * Solves {@code min_w 1/2 ||f(w, theta)||^2} from {@code w0} (a vector, not modified) and returns {@code w*} as a
     * var whose gradient flows to those {@code theta} that require grad.
     */
    public Var solve(ResidualFunction f, Tensor w0, List<Var> theta) {
        if (f == null || w0 == null || theta == null) {
            throw new IllegalArgumentException("DifferentiableLeastSquares.solve: residual, w0 and theta must not be null");
        }
        List<Tensor> values = new ArrayList<>(theta.size());
        for (Var t : theta) {
            values.add(t.value());
        }
        LevenbergMarquardt.Result result = solver.minimize(f, w0, values);
        last = result;
        Tensor wStar = result.w();
        Backward rule = Backward.of(
                (out, g) -> {
                    throw new UnsupportedOperationException("DifferentiableLeastSquares: the implicit backward is first"
                            + " order; a gradient graph (second derivative) through the least-squares layer is not supported");
                },
                (out, g) -> implicitBackward(f, result, out.inputs(), g));
        return Var.op("leastSquares", wStar, rule, theta.toArray(new Var[0]));
    }

    private Tensor[] implicitBackward(ResidualFunction f, LevenbergMarquardt.Result solved, List<Var> inputs,
                                      Tensor g) {
        Tensor wStar = solved.w();
        Tensor upstream = g.copy(); // the nested passes below must not see it change under them
        int k = inputs.size();
        List<Tensor> thetaValues = new ArrayList<>(k);
        for (Var in : inputs) {
            thetaValues.add(in.value());
        }
        int n = wStar.size();
        try (GradMode.Scope ignored = GradMode.enableGrad()) {
            // fresh leaves: the nested passes must not touch the outer graph's nodes
            List<Var> theta = new ArrayList<>(k);
            List<Var> wrt = new ArrayList<>();
            int[] slot = new int[k];
            for (int i = 0; i < k; i++) {
                boolean needs = inputs.get(i).requiresGrad();
                Var leaf = Var.leaf(thetaValues.get(i), needs);
                theta.add(leaf);
                slot[i] = needs ? wrt.size() : -1;
                if (needs) {
                    wrt.add(leaf);
                }
            }
            Tensor[] out = new Tensor[k];
            if (wrt.isEmpty()) {
                return out;
            }
            List<Tensor> grads;
            if (linearization == Linearization.GAUSS_NEWTON) {
                // J and J^T J at w*, as the solve left them (the same routine at the same point); a copy, since
                // the ridge below is added in place and the backward may run more than once
                Tensor jac = solved.jacobian();
                double[] a = solved.normal().data().clone();
                Tensor v = solveRidged(a, n, upstream, true);
                Tensor jv = jac.matmul(v).reshape(-1).neg(); // -J v, the seed of the VJP through r
                Var r = f.residual(Var.constant(wStar), theta).reshape(-1);
                if (!r.requiresGrad()) {
                    grads = zeros(wrt);
                } else {
                    grads = Autodiff.grad(r, wrt, jv, true);
                }
            } else {
                Var w = Var.param(wStar.copy());
                Var r = f.residual(w, theta).reshape(-1);
                Var cost = r.square().sum().mul(0.5);
                Var gradW = Autodiff.gradGraph(cost, List.of(w), null, true).get(0).reshape(-1);
                double[] h = new double[n * n];
                Tensor e = Tensor.zeros(n);
                for (int i = 0; i < n; i++) {
                    e.data()[i] = 1;
                    e.markModified();
                    if (gradW.requiresGrad()) {
                        double[] row = Autodiff.grad(gradW, List.of(w), e, true).get(0).data();
                        System.arraycopy(row, 0, h, i * n, n);
                    }
                    e.data()[i] = 0;
                }
                Tensor v = solveRidged(h, n, upstream, false);
                if (!gradW.requiresGrad()) {
                    grads = zeros(wrt);
                } else {
                    grads = Autodiff.grad(gradW, wrt, v.neg(), true);
                }
            }
            for (int i = 0; i < k; i++) {
                if (slot[i] >= 0) {
                    out[i] = grads.get(slot[i]);
                }
            }
            return out;
        }
    }

    private static List<Tensor> zeros(List<Var> wrt) {
        List<Tensor> z = new ArrayList<>(wrt.size());
        for (Var v : wrt) {
            z.add(Tensor.zerosLike(v.value()));
        }
        return z;
    }

    private static Tensor solveRidged(double[] a, int n, Tensor upstream, boolean spd) {
        double maxDiag = 1;
        for (int i = 0; i < n; i++) {
            maxDiag = Math.max(maxDiag, Math.abs(a[i * n + i]));
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += BACKWARD_RIDGE * maxDiag;
        }
        Tensor mat = Tensor.of(a, n, n);
        Tensor rhs = upstream.reshape(n, 1).copy();
        Tensor v = spd ? Linalg.choleskySolve(mat, rhs) : Linalg.solve(mat, rhs);
        return v.reshape(n);
    }
}
