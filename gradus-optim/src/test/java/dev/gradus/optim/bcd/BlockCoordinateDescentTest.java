package dev.gradus.optim.bcd;

import dev.gradus.tensor.RandomStream;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BlockCoordinateDescentTest {

    /** The digest's Dataset A design from {@code seed}. */
    static double[][] datasetA(int rows, int cols, long seed) {
        return DatasetA.design(rows, cols, RandomStream.of(seed));
    }

    /** Dataset A's targets for {@code a} from {@code seed}. */
    static double[] targets(double[][] a, long seed) {
        return DatasetA.targets(a, RandomStream.of(seed));
    }

    /** The least-squares optimum value by a dense pseudo-inverse (small problems). */
    static double leastSquaresOptimum(double[][] a, double[] y) {
        DMatrixRMaj am = new DMatrixRMaj(a);
        DMatrixRMaj pinv = new DMatrixRMaj(a[0].length, a.length);
        CommonOps_DDRM.pinv(am, pinv);
        DMatrixRMaj x = new DMatrixRMaj(a[0].length, 1);
        CommonOps_DDRM.mult(pinv, new DMatrixRMaj(y.length, 1, true, y), x);
        return BcdProblem.leastSquares(DenseDesignMatrix.ofRows(a), y).objective(x.getData());
    }

    @Test
    void newtonOnOneWholeBlockSolvesLeastSquaresInOneIterationEvenWhenSingular() {
        double[][] a = datasetA(12, 6, 3);
        for (double[] row : a) {
            row[5] = 2 * row[4]; // a duplicated direction: H is singular
        }
        double[] y = targets(a, 4);
        BcdProblem p = BcdProblem.leastSquares(DenseDesignMatrix.ofRows(a), y);
        BcdResult r = new BlockCoordinateDescent().rule(SelectionRule.CYCLIC).update(BlockUpdate.NEWTON)
                .blockSize(6).solve(p, 1);
        double fStar = leastSquaresOptimum(a, y);
        assertThat(r.finalObjective()).isCloseTo(fStar, within(1e-9 * (1 + fStar)));
        // The pseudo-inverse step is the minimum-norm one: equal weight on the duplicated pair as 1 : 2.
        assertThat(r.x()[5]).isCloseTo(2 * r.x()[4], within(1e-9));
    }

    @Test
    void everyRuleAndUpdateDescendsMonotonicallyOnLeastSquares() {
        double[][] a = datasetA(40, 30, 11);
        double[] y = targets(a, 12);
        BcdProblem p = BcdProblem.leastSquares(SparseDesignMatrix.ofDense(a), y);
        for (SelectionRule rule : SelectionRule.values()) {
            for (BlockUpdate update : BlockUpdate.values()) {
                BcdResult r = new BlockCoordinateDescent().rule(rule).update(update).blockSize(3).seed(5)
                        .solve(p, 60);
                double[] f = r.objective();
                for (int t = 1; t < f.length; t++) {
                    assertThat(f[t]).as("%s/%s at %d", rule, update, t).isLessThanOrEqualTo(f[t - 1] * (1 + 1e-12));
                }
                assertThat(r.finalObjective()).as("%s/%s", rule, update).isLessThan(f[0]);
            }
        }
    }

    @Test
    void denseAndSparseMatricesGiveTheSameRun() {
        double[][] a = datasetA(30, 20, 21);
        double[] y = targets(a, 22);
        BlockCoordinateDescent solver = new BlockCoordinateDescent().rule(SelectionRule.GSQ)
                .update(BlockUpdate.NEWTON).blockSize(4);
        BcdResult dense = solver.solve(BcdProblem.leastSquares(DenseDesignMatrix.ofRows(a), y), 40);
        BcdResult sparse = solver.solve(BcdProblem.leastSquares(SparseDesignMatrix.ofDense(a), y), 40);
        assertThat(sparse.objective()).containsExactly(dense.objective(), within(1e-9));
    }

    @Test
    void onTheDigestsDatasetAGreedyRulesOrderAsThePaperClaims() {
        // The digest's scaled-down Dataset A (300 x 1500, Sort partition, blocks of 5), 250 iterations.
        double[][] a = datasetA(300, 1500, 1);
        double[] y = targets(a, 2);
        BcdProblem p = BcdProblem.leastSquares(SparseDesignMatrix.ofDense(a), y);
        int iters = 250;
        double random = run(new BlockCoordinateDescent().rule(SelectionRule.RANDOM).seed(3), p, iters);
        double gs = run(new BlockCoordinateDescent().rule(SelectionRule.GS), p, iters);
        double gsl = run(new BlockCoordinateDescent().rule(SelectionRule.GSL), p, iters);
        double gslNewton = run(new BlockCoordinateDescent().rule(SelectionRule.GSL).update(BlockUpdate.NEWTON),
                p, iters);
        double vbNewton = run(new BlockCoordinateDescent().rule(SelectionRule.GSL).update(BlockUpdate.NEWTON)
                .variableBlocks(true), p, iters);
        assertThat(gsl).isLessThan(gs);
        assertThat(gs).isLessThan(random);
        assertThat(gslNewton).isLessThan(gsl);
        assertThat(vbNewton).isLessThan(gslNewton);
    }

    private static double run(BlockCoordinateDescent solver, BcdProblem p, int iters) {
        return solver.solve(p, iters).finalObjective();
    }

    @Test
    void proximalL1ReachesTheLassoSolutionAndReportsItsActiveSet() {
        // Orthogonal columns: the lasso solution is x_i = S_λ(a_iᵀy)/‖a_i‖².
        double[][] a = new double[6][6];
        double[] norms = {1, 2, 0.5, 3, 1.5, 1};
        for (int i = 0; i < 6; i++) {
            a[i][i] = norms[i];
        }
        double[] y = {0.3, 2.0, -4.0, 0.1, -1.0, 0.5};
        double lambda = 0.6;
        BcdProblem p = BcdProblem.leastSquares(SparseDesignMatrix.ofDense(a), y).withL1(lambda);
        for (BlockUpdate update : BlockUpdate.values()) {
            // The 1/L_b step is slow on block {2, 3} (L_b = 9, L_2 = 1/4); Newton is exact per block.
            int iters = update == BlockUpdate.NEWTON ? 20 : 2000;
            BcdResult r = new BlockCoordinateDescent().rule(SelectionRule.GS).update(update).blockSize(2)
                    .partition(Partition.ORDER).solve(p, iters);
            for (int i = 0; i < 6; i++) {
                double expected = BlockCoordinateDescent.softThreshold(norms[i] * y[i], lambda)
                        / (norms[i] * norms[i]);
                assertThat(r.x()[i]).as("%s x[%d]", update, i).isCloseTo(expected, within(1e-12));
            }
            // a_iᵀy = 0.3, 4, -2, 0.3, -1.5, 0.5: above λ = 0.6 at 1, 2, 4.
            assertThat(r.activeSet()).containsExactly(1, 2, 4);
            assertThat(r.activeSetSize()[r.iterations()]).isEqualTo(3);
            // The support is found long before the iterates converge (active-set identification).
            assertThat(r.supportSettledAt()).isBetween(1, update == BlockUpdate.NEWTON ? 3 : iters / 10);
        }
    }

    @Test
    void proximalL1OnLogisticDescendsAndSparsifies() {
        double[][] a = datasetA(50, 20, 41);
        double[] y = targets(a, 42);
        for (int k = 0; k < y.length; k++) {
            y[k] = y[k] >= 0 ? 1 : -1;
        }
        BcdProblem p = BcdProblem.logistic(DenseDesignMatrix.ofRows(a), y).withL1(2.0);
        for (BlockUpdate update : BlockUpdate.values()) {
            BcdResult r = new BlockCoordinateDescent().rule(SelectionRule.GSL).update(update).blockSize(4)
                    .solve(p, 200);
            double[] f = r.objective();
            for (int t = 1; t < f.length; t++) {
                assertThat(f[t]).as("%s at %d", update, t).isLessThanOrEqualTo(f[t - 1] * (1 + 1e-12));
            }
            assertThat(r.finalObjective()).isLessThan(0.9 * f[0]);
            assertThat(r.activeSet().length).isLessThan(20);
        }
    }

    @Test
    void logisticNewtonReachesTheL1Optimum() {
        double[][] a = datasetA(40, 8, 51);
        double[] y = targets(a, 52);
        for (int k = 0; k < y.length; k++) {
            y[k] = (y[k] + 0.5 * (k % 3 - 1)) >= 0 ? 1 : -1;
        }
        // A ridge-free logistic problem may be separable; L1 keeps the optimum finite.
        BcdProblem p = BcdProblem.logistic(DenseDesignMatrix.ofRows(a), y).withL1(0.5);
        BcdResult newton = new BlockCoordinateDescent().rule(SelectionRule.GSQ).update(BlockUpdate.NEWTON)
                .blockSize(4).solve(p, 400);
        // Optimality: the minimum-norm subgradient of F vanishes.
        double[] sub = new double[8];
        BlockCoordinateDescent.selectionGradient(p.gradient(newton.x()), newton.x(), 0.5, sub);
        for (double v : sub) {
            assertThat(v).isCloseTo(0.0, within(1e-8));
        }
        BcdResult lb = new BlockCoordinateDescent().rule(SelectionRule.GSL).blockSize(2).solve(p, 2000);
        // Nothing gets below the optimum; the 1/L_b steps (L from the bound ¼) are still above it.
        assertThat(lb.finalObjective()).isGreaterThanOrEqualTo(newton.finalObjective() - 1e-12);
    }

    @Test
    void aToleranceStopsGreedyRulesAtFirstOrderOptimality() {
        double[][] a = datasetA(30, 12, 61);
        double[] y = targets(a, 62);
        BcdProblem p = BcdProblem.leastSquares(DenseDesignMatrix.ofRows(a), y).withL1(0.5);
        BcdResult r = new BlockCoordinateDescent().rule(SelectionRule.GSQ).update(BlockUpdate.NEWTON).blockSize(4)
                .tolerance(1e-8).solve(p, 5000);
        assertThat(r.iterations()).isLessThan(5000);
        assertThat(r.objective()).hasSize(r.iterations() + 1);
        assertThat(r.activeSetSize()).hasSize(r.iterations() + 1);
        double[] sub = new double[12];
        BlockCoordinateDescent.selectionGradient(p.gradient(r.x()), r.x(), 0.5, sub);
        for (double v : sub) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(1e-8);
        }
        // One iteration earlier the measure was still above the tolerance: it stopped at the first chance.
        BcdResult before = new BlockCoordinateDescent().rule(SelectionRule.GSQ).update(BlockUpdate.NEWTON)
                .blockSize(4).solve(p, r.iterations() - 1);
        BlockCoordinateDescent.selectionGradient(p.gradient(before.x()), before.x(), 0.5, sub);
        double worst = 0;
        for (double v : sub) {
            worst = Math.max(worst, Math.abs(v));
        }
        assertThat(worst).isGreaterThan(1e-8);
        assertThatThrownBy(() -> new BlockCoordinateDescent().tolerance(-1)).hasMessageContaining("tolerance");
    }

    @Test
    void gradientEvaluationsCountBlockGradientsAsFractions() {
        BcdProblem p = SelectionRuleTest.problem();
        BcdResult cyclic = new BlockCoordinateDescent().rule(SelectionRule.CYCLIC).blockSize(2)
                .partition(Partition.ORDER).solve(p, 3);
        assertThat(cyclic.gradientEvaluations()[3]).isCloseTo(1.0, within(1e-12));
        BcdResult gs = new BlockCoordinateDescent().rule(SelectionRule.GS).blockSize(2).solve(p, 3);
        assertThat(gs.gradientEvaluations()[3]).isEqualTo(3.0);
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        BcdProblem p = SelectionRuleTest.problem();
        assertThatThrownBy(() -> new BlockCoordinateDescent().solve(p, new double[3], 1))
                .hasMessageContaining("x0 has 3 entries").hasMessageContaining("6 coordinates");
        assertThatThrownBy(() -> new BlockCoordinateDescent().rule(SelectionRule.CYCLIC).variableBlocks(true)
                .solve(p, 1)).hasMessageContaining("variable blocks need rule GS or GSL, got CYCLIC");
        assertThatThrownBy(() -> new BlockCoordinateDescent().blockSize(7).solve(p, 1))
                .hasMessageContaining("blockSize 7 exceeds the dimension 6");
        assertThatThrownBy(() -> BcdProblem.logistic(p.a(), new double[] {1, -1, 0, 1, 1, 1}))
                .hasMessageContaining("y[2] = 0.0");
        assertThatThrownBy(() -> SparseDesignMatrix.ofCsc(2, 1, new int[] {0, 2}, new int[] {1, 0},
                new double[] {1, 1})).hasMessageContaining("column 0 entry 1 has row 0");
    }
}
