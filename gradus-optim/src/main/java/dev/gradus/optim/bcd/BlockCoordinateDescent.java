package dev.gradus.optim.bcd;

import dev.gradus.tensor.RandomStream;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/**
 * Block coordinate descent on {@code F(x) = Σ_k ℓ(a_kᵀx, y_k) + λ‖x‖₁} (a {@link BcdProblem}), after Nutini,
 * Laradji, Schmidt, "Let's Make Block Coordinate Descent Converge Faster: Faster Greedy Rules, Message-Passing,
 * Active-Set Complexity, and Superlinear Convergence", JMLR 23 (2022). Each iteration {@code t}:
 * <pre>
 *   g      = ∇f(x_t)                       (whole, for greedy rules; the block only, otherwise)
 *   ĝ_i    = g_i + λ sign(x_i)  if x_i ≠ 0,   S_λ(g_i)  if x_i = 0      (λ = 0: ĝ = g)
 *   b_t    = rule(ĝ)                        (fixed partition, or variable block of the top s coordinates)
 *   x_b   ← update(x_b, g_b)                 (1/L_b step or Newton step, proximal when λ is positive)
 * </pre>
 * The predictor {@code m = Ax} is kept up to date incrementally, so a block step costs {@code O(nnz(A_b))} plus
 * one pass over the rows.
 *
 * <p>Defaults (the digest's Dataset A setting): GSL selection, Lb update, Sort partition, block size 5, fixed
 * blocks, seed 0. The message-passing Newton updates for huge sparse blocks are not implemented: the Newton step
 * forms {@code H_bb} densely, which is meant for blocks of tens of coordinates.
 *
 * <pre>{@code
 * double[][] rows = {{1, 0, 2}, {0, 1, 1}, {3, 1, 0}, {1, 1, 1}};
 * double[] targets = {1, 2, 3, 4};
 * BcdResult r = new BlockCoordinateDescent().rule(SelectionRule.GSQ).update(BlockUpdate.NEWTON)
 *         .blockSize(2).solve(BcdProblem.leastSquares(DenseDesignMatrix.ofRows(rows), targets), 500);
 * }</pre>
 */
public final class BlockCoordinateDescent {

    private static final double ARMIJO = 1e-4;
    private static final int MAX_BACKTRACKS = 40;
    private static final int MAX_INNER_SWEEPS = 200;

    private SelectionRule rule = SelectionRule.GSL;
    private BlockUpdate update = BlockUpdate.LIPSCHITZ;
    private Partition partition = Partition.SORT;
    private int blockSize = 5;
    private boolean variableBlocks;
    private long seed;
    private double tolerance;

    /** A solver with the defaults above. */
    public BlockCoordinateDescent() {
    }

    /** The selection rule (default GSL). */
    public BlockCoordinateDescent rule(SelectionRule value) {
        this.rule = value;
        return this;
    }

    /** The block update (default Lb). */
    public BlockCoordinateDescent update(BlockUpdate value) {
        this.update = value;
        return this;
    }

    /** The fixed partition (default Sort); ignored with variable blocks. */
    public BlockCoordinateDescent partition(Partition value) {
        this.partition = value;
        return this;
    }

    /** The block size {@code s} (default 5). */
    public BlockCoordinateDescent blockSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("bcd: blockSize must be >= 1, got " + value);
        }
        this.blockSize = value;
        return this;
    }

    /** Variable blocks: each iteration the top {@code s} coordinates by the rule (GS or GSL only). */
    public BlockCoordinateDescent variableBlocks(boolean value) {
        this.variableBlocks = value;
        return this;
    }

    /** The seed of the random rules. */
    public BlockCoordinateDescent seed(long value) {
        this.seed = value;
        return this;
    }

    /**
     * Stops early once {@code max_i |ĝ_i| ≤ tol} (the first-order optimality measure, which the greedy rules and
     * variable blocks compute anyway; the other rules never see the whole gradient and always run every
     * iteration). Default 0: run every iteration.
     */
    public BlockCoordinateDescent tolerance(double tol) {
        if (!(tol >= 0.0)) {
            throw new IllegalArgumentException("bcd: tolerance must be >= 0, got " + tol);
        }
        this.tolerance = tol;
        return this;
    }

    /** Runs {@code iterations} iterations from {@code x = 0}. */
    public BcdResult solve(BcdProblem problem, int iterations) {
        return solve(problem, new double[problem.dimension()], iterations);
    }

    /**
     * Runs {@code iterations} iterations from {@code x0} (not modified).
     *
     * @throws IllegalArgumentException when {@code x0} has the wrong length, the block size exceeds the
     *     dimension, or variable blocks are asked of a rule other than GS or GSL
     */
    public BcdResult solve(BcdProblem problem, double[] x0, int iterations) {
        int n = problem.dimension();
        if (x0.length != n) {
            throw new IllegalArgumentException("bcd: x0 has " + x0.length + " entries, the problem has " + n
                    + " coordinates");
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("bcd: iterations must be >= 0, got " + iterations);
        }
        if (variableBlocks && rule != SelectionRule.GS && rule != SelectionRule.GSL) {
            throw new IllegalArgumentException("bcd: variable blocks need rule GS or GSL, got " + rule);
        }
        if (blockSize > n) {
            throw new IllegalArgumentException("bcd: blockSize " + blockSize + " exceeds the dimension " + n);
        }
        DesignMatrix a = problem.a();
        double[] y = problem.y();
        BcdLoss loss = problem.loss();
        double lambda = problem.l1();
        int rows = a.rows();

        BlockGeometry geo = variableBlocks ? null : BlockGeometry.of(problem, partition, blockSize);
        double[] li = variableBlocks ? problem.coordinateLipschitz() : geo.coordinateLipschitz();
        RandomStream rng = RandomStream.of(seed);

        double[] x = x0.clone();
        double[] m = new double[rows];
        a.multiply(x, m);
        double[] r = new double[rows];
        double[] g = new double[n];
        double[] gSel = new double[n];
        double[] direction = new double[rows];

        double[] objective = new double[iterations + 1];
        double[] evals = new double[iterations + 1];
        int[] active = new int[iterations + 1];
        objective[0] = problem.objectiveAt(x, m);
        active[0] = countNonzero(x);
        int settledAt = 0;
        boolean fullGradient = variableBlocks || rule.greedy();

        int done = iterations;
        for (int t = 0; t < iterations; t++) {
            for (int k = 0; k < rows; k++) {
                r[k] = loss.derivative(m[k], y[k]);
            }
            int[] block;
            int blockIndex = -1;
            double cost;
            if (fullGradient) {
                for (int j = 0; j < n; j++) {
                    g[j] = a.columnDot(j, r);
                }
                selectionGradient(g, x, lambda, gSel);
                if (tolerance > 0.0 && maxAbs(gSel) <= tolerance) {
                    done = t;
                    break;
                }
                if (variableBlocks) {
                    block = rule.variableBlock(gSel, li, blockSize);
                } else {
                    blockIndex = rule.select(t, gSel, geo, rng);
                    block = geo.block(blockIndex);
                }
                cost = 1.0;
            } else {
                blockIndex = rule.select(t, gSel, geo, rng);
                block = geo.block(blockIndex);
                for (int i : block) {
                    g[i] = a.columnDot(i, r);
                }
                cost = (double) block.length / n;
            }
            double[] d = switch (update) {
                case LIPSCHITZ -> lipschitzStep(problem, block, x, g, lambda,
                        blockIndex < 0 ? -1.0 : geo.blockLipschitz(blockIndex));
                // For least squares the block Hessian is the bound M_b, whose pseudo-inverse the geometry holds.
                case NEWTON -> loss == BcdLoss.LEAST_SQUARES && lambda == 0.0 && blockIndex >= 0
                        ? applyPseudoInverse(geo.boundPseudoInverse(blockIndex), block, g)
                        : newtonStep(problem.blockHessian(block, m), block, x, g, lambda);
            };
            double stepScale = 1.0;
            if (update == BlockUpdate.NEWTON && loss != BcdLoss.LEAST_SQUARES) {
                stepScale = backtrack(problem, block, x, m, g, d, lambda, objective[t], direction);
            }
            boolean supportChanged = false;
            for (int p = 0; p < block.length; p++) {
                int i = block[p];
                double step = stepScale * d[p];
                if (step != 0.0) {
                    double before = x[i];
                    x[i] = before + step;
                    if (lambda > 0.0 && Math.abs(x[i]) < 1e-300) {
                        x[i] = 0.0;
                    }
                    supportChanged |= (before == 0.0) != (x[i] == 0.0);
                    a.addColumn(i, x[i] - before, m);
                }
            }
            objective[t + 1] = problem.objectiveAt(x, m);
            evals[t + 1] = evals[t] + cost;
            active[t + 1] = countNonzero(x);
            if (supportChanged) {
                settledAt = t + 1;
            }
        }
        if (done < iterations) {
            objective = Arrays.copyOf(objective, done + 1);
            evals = Arrays.copyOf(evals, done + 1);
            active = Arrays.copyOf(active, done + 1);
        }
        return new BcdResult(x, objective, evals, active, settledAt);
    }

    /** The minimum-norm subgradient of {@code f + λ‖·‖₁} (GS-s), or {@code g} itself when {@code λ = 0}. */
    static void selectionGradient(double[] g, double[] x, double lambda, double[] out) {
        if (lambda == 0.0) {
            System.arraycopy(g, 0, out, 0, g.length);
            return;
        }
        for (int i = 0; i < g.length; i++) {
            out[i] = x[i] != 0.0 ? g[i] + lambda * Math.signum(x[i]) : softThreshold(g[i], lambda);
        }
    }

    /** {@code d = S_{λ/L_b}(x_b − g_b/L_b) − x_b}; {@code lb < 0} means compute {@code L_b} for this block. */
    private static double[] lipschitzStep(BcdProblem problem, int[] block, double[] x, double[] g, double lambda,
            double lb) {
        double l = lb >= 0.0 ? lb : BlockGeometry.largestEigenvalue(problem.blockHessianBound(block));
        double[] d = new double[block.length];
        if (!(l > 0.0)) {
            return d;
        }
        for (int p = 0; p < block.length; p++) {
            int i = block[p];
            double z = x[i] - g[i] / l;
            d[p] = (lambda > 0.0 ? softThreshold(z, lambda / l) : z) - x[i];
        }
        return d;
    }

    /** {@code d = −H⁺ g_b}, or the proximal Newton subproblem's solution when {@code λ > 0}. */
    private static double[] newtonStep(DMatrixRMaj h, int[] block, double[] x, double[] g, double lambda) {
        int s = block.length;
        double[] d = new double[s];
        if (lambda == 0.0) {
            return applyPseudoInverse(BlockGeometry.pseudoInverse(h), block, g);
        }
        // Coordinate sweeps on  g_bᵀd + ½dᵀHd + λ‖x_b + d‖₁  in z = x_b + d; exact per coordinate.
        for (int sweep = 0; sweep < MAX_INNER_SWEEPS; sweep++) {
            double change = 0.0;
            for (int p = 0; p < s; p++) {
                double hpp = h.unsafe_get(p, p);
                if (!(hpp > 0.0)) {
                    continue;
                }
                double c = g[block[p]];
                for (int q = 0; q < s; q++) {
                    if (q != p) {
                        c += h.unsafe_get(p, q) * d[q];
                    }
                }
                double xi = x[block[p]];
                double z = softThreshold(xi - c / hpp, lambda / hpp);
                double nd = z - xi;
                change = Math.max(change, Math.abs(nd - d[p]));
                d[p] = nd;
            }
            if (change <= 1e-14) {
                break;
            }
        }
        return d;
    }

    /** {@code d = −P g_b}. */
    private static double[] applyPseudoInverse(DMatrixRMaj pinv, int[] block, double[] g) {
        double[] d = new double[block.length];
        for (int p = 0; p < block.length; p++) {
            double v = 0.0;
            for (int q = 0; q < block.length; q++) {
                v += pinv.unsafe_get(p, q) * g[block[q]];
            }
            d[p] = -v;
        }
        return d;
    }

    /**
     * Armijo backtracking on {@code F} along {@code d}: the largest {@code t ∈ {1, ½, ¼, ...}} with
     * {@code F(x + t d) ≤ F(x) + σ t Δ}, {@code Δ = g_bᵀd + λ(‖x_b + d‖₁ − ‖x_b‖₁)}; 0 when none is found.
     */
    private static double backtrack(BcdProblem problem, int[] block, double[] x, double[] m, double[] g, double[] d,
            double lambda, double f0, double[] direction) {
        DesignMatrix a = problem.a();
        Arrays.fill(direction, 0.0);
        double delta = 0.0;
        for (int p = 0; p < block.length; p++) {
            int i = block[p];
            a.addColumn(i, d[p], direction);
            delta += g[i] * d[p] + lambda * (Math.abs(x[i] + d[p]) - Math.abs(x[i]));
        }
        if (!(delta < 0.0)) {
            return 0.0;
        }
        double l1Rest = 0.0;
        if (lambda > 0.0) {
            for (double v : x) {
                l1Rest += Math.abs(v);
            }
            for (int i : block) {
                l1Rest -= Math.abs(x[i]);
            }
        }
        double[] y = problem.y();
        BcdLoss loss = problem.loss();
        double step = 1.0;
        for (int k = 0; k < MAX_BACKTRACKS; k++) {
            double f = 0.0;
            for (int row = 0; row < m.length; row++) {
                f += loss.value(m[row] + step * direction[row], y[row]);
            }
            if (lambda > 0.0) {
                double l1 = l1Rest;
                for (int p = 0; p < block.length; p++) {
                    l1 += Math.abs(x[block[p]] + step * d[p]);
                }
                f += lambda * l1;
            }
            if (f <= f0 + ARMIJO * step * delta) {
                return step;
            }
            step *= 0.5;
        }
        return 0.0;
    }

    static double softThreshold(double z, double tau) {
        if (z > tau) {
            return z - tau;
        }
        if (z < -tau) {
            return z + tau;
        }
        return 0.0;
    }

    private static double maxAbs(double[] v) {
        double m = 0.0;
        for (double e : v) {
            m = Math.max(m, Math.abs(e));
        }
        return m;
    }

    private static int countNonzero(double[] x) {
        int c = 0;
        for (double v : x) {
            if (v != 0.0) {
                c++;
            }
        }
        return c;
    }
}
