package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

class FrugalTest {

    private static final double LR = 0.02;
    private static final double WD = 0.05;
    private static final double PROJ_SCALE = 0.8;
    private static final double FREE_SCALE = 0.5;

    private static TensorMap params(long seed) {
        RandomStream rng = RandomStream.of(seed);
        return new TensorMap().put("w", TorchReference.randn(rng, 6, 4)).put("v", TorchReference.randn(rng, 3, 7))
                .put("b", TorchReference.randn(rng, 4));
    }

    private static TensorMap grads(TensorMap params, RandomStream rng) {
        TensorMap g = new TensorMap();
        params.forEach((n, p) -> g.put(n, TorchReference.randn(rng, p.shape())));
        return g;
    }

    private static Frugal frugal(String projType, String coordChoice) {
        return (Frugal) Optimizers.frugal().lr(LR).density(0.5).updateGap(3).projType(projType)
                .with("coord_choice", coordChoice).with("proj_params_lr_scale", PROJ_SCALE)
                .with("inactive_lr_scale", FREE_SCALE / PROJ_SCALE).weightDecay(WD);
    }

    /**
     * FRUGAL written plainly: every projector as an explicit matrix A with orthonormal rows acting on the
     * flattened gradient (low = A g, lift = Aᵀ D, free = g − Aᵀ A g), Adam by its textbook formula, and
     * the SVD basis from the eigenvectors of GᵀG or GGᵀ instead of an SVD.
     */
    static final class DenseFrugal {
        final Map<String, double[][]> a = new LinkedHashMap<>();
        final Map<String, double[][]> adam = new LinkedHashMap<>(); // name -> {m, v}
        int projectedT;
        int regularT;

        void step(long k, TensorMap params, TensorMap grads, Frugal.State optState, String projType) {
            if (k % 3 == 0) {
                for (String name : List.of("w", "v")) {
                    a.put(name, projType.equals("svd") ? svdBasis(params.get(name), grads.get(name).data())
                            : fromState(name, params.get(name), optState, projType));
                    adam.put(name, new double[][] {new double[a.get(name).length], new double[a.get(name).length]});
                }
                projectedT = 0;
            }
            regularT++;
            projectedT++;
            double[] b = params.get("b").data();
            double[] gb = grads.get("b").data();
            double[][] mb = adam.computeIfAbsent("b", x -> new double[][] {new double[4], new double[4]});
            double[] db = adamDirection(gb, mb, regularT);
            for (int i = 0; i < b.length; i++) {
                b[i] -= LR * (db[i] + WD * b[i]);
            }
            for (String name : List.of("w", "v")) {
                double[][] proj = a.get(name);
                double[] w = params.get(name).data();
                double[] g = grads.get(name).data();
                double[] low = new double[proj.length];
                for (int r = 0; r < proj.length; r++) {
                    for (int j = 0; j < g.length; j++) {
                        low[r] += proj[r][j] * g[j];
                    }
                }
                double[] d = adamDirection(low, adam.get(name), projectedT);
                double[] lifted = new double[g.length];
                double[] back = new double[g.length];
                for (int r = 0; r < proj.length; r++) {
                    for (int j = 0; j < g.length; j++) {
                        lifted[j] += proj[r][j] * d[r];
                        back[j] += proj[r][j] * low[r];
                    }
                }
                for (int j = 0; j < w.length; j++) {
                    double free = g[j] - back[j];
                    w[j] -= LR * (PROJ_SCALE * lifted[j] + FREE_SCALE * Math.signum(free) + WD * w[j]);
                }
            }
        }

        static double[] adamDirection(double[] g, double[][] mv, int t) {
            double[] d = new double[g.length];
            for (int i = 0; i < g.length; i++) {
                mv[0][i] = 0.9 * mv[0][i] + 0.1 * g[i];
                mv[1][i] = 0.999 * mv[1][i] + 0.001 * g[i] * g[i];
                double mHat = mv[0][i] / (1 - Math.pow(0.9, t));
                double vHat = mv[1][i] / (1 - Math.pow(0.999, t));
                d[i] = mHat / (Math.sqrt(vHat) + 1e-8);
            }
            return d;
        }

        /** Top eigenvectors of GᵀG (m ≥ n: rows of P) or GGᵀ (m < n: columns of Q), as rows of A. */
        static double[][] svdBasis(Tensor p, double[] g) {
            int m = p.dim(0);
            int n = p.size() / m;
            boolean right = m >= n;
            int dim = right ? n : m;
            int r = (int) Math.rint(dim * 0.5);
            DMatrixRMaj gram = new DMatrixRMaj(dim, dim);
            for (int i = 0; i < dim; i++) {
                for (int j = 0; j < dim; j++) {
                    double s = 0;
                    for (int k = 0; k < (right ? m : n); k++) {
                        s += right ? g[k * n + i] * g[k * n + j] : g[i * n + k] * g[j * n + k];
                    }
                    gram.set(i, j, s);
                }
            }
            EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(dim, true, true);
            assertThat(eig.decompose(gram)).isTrue();
            Integer[] order = new Integer[dim];
            for (int i = 0; i < dim; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (x, y) -> Double.compare(eig.getEigenvalue(y).real, eig.getEigenvalue(x).real));
            double[][] basis = new double[r][];
            for (int k = 0; k < r; k++) {
                DMatrixRMaj vec = eig.getEigenVector(order[k]);
                basis[k] = vec.data.clone();
            }
            return right ? rightRows(basis, m, n) : leftRows(basis, m, n);
        }

        /** A for low = G Pᵀ (m×r, row-major): A[(i·r + k), (i·n + j)] = P[k][j]. */
        static double[][] rightRows(double[][] pRows, int m, int n) {
            int r = pRows.length;
            double[][] out = new double[m * r][m * n];
            for (int i = 0; i < m; i++) {
                for (int k = 0; k < r; k++) {
                    for (int j = 0; j < n; j++) {
                        out[i * r + k][i * n + j] = pRows[k][j];
                    }
                }
            }
            return out;
        }

        /** A for low = Qᵀ G (r×n, row-major): A[(k·n + j), (i·n + j)] = Q[i][k], with qCols[k][i] = Q[i][k]. */
        static double[][] leftRows(double[][] qCols, int m, int n) {
            int r = qCols.length;
            double[][] out = new double[r * n][m * n];
            for (int k = 0; k < r; k++) {
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < m; i++) {
                        out[k * n + j][i * n + j] = qCols[k][i];
                    }
                }
            }
            return out;
        }

        /** A from the projector the optimizer drew (random basis or coordinates). */
        static double[][] fromState(String name, Tensor p, Frugal.State s, String projType) {
            int m = p.dim(0);
            int n = p.size() / m;
            double[] proj = s.projector().get(name).data();
            int[] shape = s.projector().get(name).shape();
            if (projType.equals("random")) {
                if (m >= n) {
                    double[][] rows = new double[shape[0]][];
                    for (int k = 0; k < shape[0]; k++) {
                        rows[k] = Arrays.copyOfRange(proj, k * n, (k + 1) * n);
                    }
                    return rightRows(rows, m, n);
                }
                int r = shape[1];
                double[][] cols = new double[r][m];
                for (int i = 0; i < m; i++) {
                    for (int k = 0; k < r; k++) {
                        cols[k][i] = proj[i * r + k];
                    }
                }
                return leftRows(cols, m, n);
            }
            throw new IllegalArgumentException(projType);
        }
    }

    private static void compareWithDense(String projType) {
        Frugal opt = frugal(projType, "columns");
        TensorMap a = params(1);
        TensorMap b = a.copy();
        Frugal.State s = opt.init(a);
        DenseFrugal ref = new DenseFrugal();
        RandomStream rng = RandomStream.of(2);
        for (long k = 0; k < 8; k++) {
            TensorMap g = grads(a, rng);
            opt.step(a, g.copy(), s);
            ref.step(k, b, g, s, projType);
        }
        TorchReference.assertClose(a, b, 1e-9);
    }

    @Test
    void svdProjectionMatchesADenseReimplementationOnBothSides() {
        // w is 6×4 (right projection), v is 3×7 (left projection), b is regular; two refreshes in 8 steps.
        compareWithDense("svd");
    }

    @Test
    void randomProjectionMatchesADenseReimplementation() {
        compareWithDense("random");
    }

    @Test
    void coordinateProjectorsKeepTheStateFullPartOnTheChosenEntries() {
        for (String choice : new String[] {"columns", "rows", "randk"}) {
            Frugal opt = frugal("coordinate", choice).with("inner", Transforms.scale(1.0));
            TensorMap p = params(3);
            Frugal.State s = opt.init(p);
            TensorMap before = p.copy();
            TensorMap g = grads(p, RandomStream.of(4));
            opt.step(p, g.copy(), s);
            double[] proj = s.projector().get("w").data();
            int expected = choice.equals("columns") ? 2 : choice.equals("rows") ? 3 : 12;
            assertThat(proj).as(choice).hasSize(expected);
            double[] w0 = before.get("w").data();
            double[] w1 = p.get("w").data();
            double[] gw = g.get("w").data();
            int chosen = 0;
            for (int j = 0; j < w0.length; j++) {
                int row = j / 4;
                int col = j % 4;
                boolean in = false;
                for (double x : proj) {
                    in |= switch (choice) {
                        case "columns" -> (int) x == col;
                        case "rows" -> (int) x == row;
                        default -> (int) x == j;
                    };
                }
                // With inner = scale(1) the state-full part is plain SGD on the chosen entries.
                double step = in ? PROJ_SCALE * gw[j] : FREE_SCALE * Math.signum(gw[j]);
                assertThat(w1[j]).as("%s w[%d]", choice, j).isCloseTo(w0[j] - LR * (step + WD * w0[j]), within(1e-15));
                chosen += in ? 1 : 0;
            }
            assertThat(chosen).isEqualTo(choice.equals("columns") ? 12 : 12);
            for (int k = 1; k < proj.length; k++) {
                assertThat(proj[k]).as("indices are sorted and distinct").isGreaterThan(proj[k - 1]);
            }
        }
    }

    @Test
    void refreshesEveryUpdateGapStepsAndResetsOnlyTheSubspaceState() {
        Frugal opt = frugal("svd", "columns");
        TensorMap p = params(5);
        Frugal.State s = opt.init(p);
        RandomStream rng = RandomStream.of(6);
        List<double[]> projectors = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            opt.step(p, grads(p, rng), s);
            projectors.add(s.projector().get("w").data().clone());
            long projectedCount = ((ScaleByAdam.State) s.projected()).count().get();
            long regularCount = ((ScaleByAdam.State) s.regular()).count().get();
            assertThat(projectedCount).as("subspace state count after step %d", k).isEqualTo(k % 3 + 1);
            assertThat(regularCount).as("regular state count after step %d", k).isEqualTo(k + 1);
        }
        assertThat(projectors.get(1)).containsExactly(projectors.get(0));
        assertThat(projectors.get(2)).containsExactly(projectors.get(0));
        assertThat(projectors.get(3)).isNotEqualTo(projectors.get(0));
        assertThat(projectors.get(6)).isNotEqualTo(projectors.get(3));
    }

    @Test
    void densityZeroIsSignSgdAndDensityOneIsTheInnerOptimizerAlone() {
        TensorMap g = grads(params(7), RandomStream.of(8));
        TensorMap p0 = params(7);
        Frugal zero = frugal("svd", "columns").density(0);
        zero.step(p0, g.copy(), zero.init(p0));
        double[] w0 = params(7).get("w").data();
        for (int j = 0; j < w0.length; j++) {
            double expected = w0[j] - LR * (FREE_SCALE * Math.signum(g.get("w").data()[j]) + WD * w0[j]);
            assertThat(p0.get("w").data()[j]).isCloseTo(expected, within(1e-15));
        }
        // density 1 with a coordinate projector keeps every column, in order: exactly AdamW with the
        // projectable lr scale, and no state-free part at all.
        Frugal one = frugal("coordinate", "columns").density(1).with("proj_params_lr_scale", 1.0);
        var adamw = Optimizers.adamw().lr(LR).weightDecay(WD);
        TensorMap a = params(9);
        TensorMap b = a.copy();
        var sa = one.init(a);
        var sb = adamw.init(b);
        RandomStream rng = RandomStream.of(10);
        for (int k = 0; k < 2; k++) { // within the first refresh period: no reset
            TensorMap gg = grads(a, rng);
            one.step(a, gg.copy(), sa);
            adamw.step(b, gg, sb);
        }
        TorchReference.assertClose(a, b, 1e-13);
    }

    @Test
    void blockModeActivatesWholeTensorsInOrder() {
        TensorMap p = new TensorMap();
        for (int i = 0; i < 4; i++) {
            p.put("layer" + i + ".weight", Tensor.full(1.0, 3, 3));
        }
        Frugal opt = (Frugal) frugal("block", "columns").with("block_order", "mirror").updateGap(2);
        Frugal.State s = opt.init(p);
        // Adam's two moments for the 2 of 4 tensors that are active at a time, not for all four.
        assertThat(dev.gradus.optim.state.StateTree.tensorBytes(s.projected())).isEqualTo(8L * 2 * 2 * 9);
        RandomStream rng = RandomStream.of(11);
        String[] expectedActive = {"01", "01", "23", "23", "23", "23", "01"};
        for (int k = 0; k < expectedActive.length; k++) {
            TensorMap before = p.copy();
            TensorMap g = grads(p, rng);
            opt.step(p, g.copy(), s);
            StringBuilder active = new StringBuilder();
            for (int i = 0; i < 4; i++) {
                String name = "layer" + i + ".weight";
                boolean on = s.projector().get(name).data()[0] == 1.0;
                if (on) {
                    active.append(i);
                } else {
                    double[] w0 = before.get(name).data();
                    for (int j = 0; j < 9; j++) {
                        double expected = w0[j] - LR * (FREE_SCALE * Math.signum(g.get(name).data()[j]) + WD * w0[j]);
                        assertThat(p.get(name).data()[j]).isCloseTo(expected, within(1e-15));
                    }
                }
            }
            assertThat(active.toString()).as("active blocks at step %d", k).isEqualTo(expectedActive[k]);
        }
    }

    @Test
    void blockModeResumesBitForBitAcrossABlockSwitch(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        TensorMap start = new TensorMap();
        RandomStream init = RandomStream.of(12);
        for (int i = 0; i < 5; i++) { // different sizes: the inner vector is sized for the two largest
            start.put("layer" + i + ".weight", TorchReference.randn(init, 3 + i, 2));
        }
        Frugal opt = (Frugal) frugal("block", "columns").density(0.4).updateGap(2);
        TensorMap straight = start.copy();
        Frugal.State s = opt.init(straight);
        RandomStream rng = RandomStream.of(13);
        java.util.List<TensorMap> gs = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            gs.add(grads(start, rng));
        }
        for (TensorMap g : gs) {
            opt.step(straight, g.copy(), s);
        }
        TensorMap resumed = start.copy();
        Frugal.State r = opt.init(resumed);
        for (int k = 0; k < 3; k++) { // the switch at step 2 has happened, the next comes at step 4
            opt.step(resumed, gs.get(k).copy(), r);
        }
        java.nio.file.Path file = dir.resolve("frugal.optstate");
        dev.gradus.optim.state.StateFile.save(file, opt, r);
        dev.gradus.optim.OptState loaded = dev.gradus.optim.state.StateFile.load(file, opt, resumed);
        for (int k = 3; k < 7; k++) {
            opt.step(resumed, gs.get(k).copy(), loaded);
        }
        for (String name : start.names()) {
            assertThat(resumed.get(name).data()).as(name).isEqualTo(straight.get(name).data());
        }
        assertThat(dev.gradus.optim.state.StateTree.tensorBytes(s.projected())).as("moments for 6x2 + 7x2")
                .isEqualTo(8L * 2 * (12 + 14));
    }

    @Test
    void refusesAnOptimizerAsInnerAndVectorsForMatrixProjectors() {
        assertThatThrownBy(() -> Optimizers.frugal(Optimizers.adam()))
                .hasMessageContaining("frugal: inner must be a direction-making building block")
                .hasMessageContaining("not the optimizer adam");
        Frugal opt = Optimizers.frugal().projParams("*");
        assertThatThrownBy(() -> opt.init(params(1))).hasMessageContaining("frugal: 'b' has shape [4]");
    }

    @Test
    void beatsGaLoreAtEqualStateMemoryOnIllConditionedMatrixRegression() {
        // 01-optimizers.md §4 toy, scaled down: Y = X W* + noise, W 32×32, X 128×32 with column scales
        // 10^0 ... 10^-1.5, full-batch gradients, lr 1e-2 with cosine decay over T = 300, density 0.25,
        // update_gap T/5. Claim: FRUGAL (signSGD on the residual) ends below GaLore (no residual update).
        int n = 128;
        int d = 32;
        RandomStream rng = RandomStream.of(21);
        double[] x = new double[n * d];
        rng.fillNormal(x);
        for (int j = 0; j < d; j++) {
            double scale = Math.pow(10, -1.5 * j / (d - 1));
            for (int i = 0; i < n; i++) {
                x[i * d + j] *= scale;
            }
        }
        double[] wStar = new double[d * d];
        rng.fillNormal(wStar);
        double[] y = new double[n * d];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += x[i * d + j] * wStar[j * d + k];
                }
                y[i * d + k] = s + 0.01 * rng.normal();
            }
        }
        dev.gradus.optim.Objective loss = (params, grad) -> {
            double[] w = params.get("w").data();
            double[] g = grad.get("w").data();
            Arrays.fill(g, 0);
            double f = 0;
            double[] res = new double[d];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    double s = -y[i * d + k];
                    for (int j = 0; j < d; j++) {
                        s += x[i * d + j] * w[j * d + k];
                    }
                    res[k] = s;
                    f += s * s / (2.0 * n);
                }
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        g[j * d + k] += x[i * d + j] * res[k] / n;
                    }
                }
            }
            return f;
        };
        int steps = 300;
        Frugal base = (Frugal) Optimizers.frugal().lr(dev.gradus.optim.schedule.Schedules.cosine(1e-2, steps))
                .updateGap(steps / 5).weightDecay(0);
        Frugal galore = base.inactiveUpdateRule("no").resetStatistics(false);
        double[] finals = new double[2];
        Frugal[] opts = {base, galore};
        for (int o = 0; o < 2; o++) {
            TensorMap p = TensorMap.of("w", Tensor.zeros(d, d));
            Frugal.State s = opts[o].init(p);
            for (int t = 0; t < steps; t++) {
                TensorMap g = p.zerosLike();
                loss.evaluate(p, g);
                opts[o].step(p, g, s);
            }
            finals[o] = loss.evaluate(p, p.zerosLike());
        }
        double start = loss.evaluate(TensorMap.of("w", Tensor.zeros(d, d)), TensorMap.of("w", Tensor.zeros(d, d)));
        System.out.println("frugal toy: FRUGAL " + finals[0] + ", GaLore " + finals[1] + ", start " + start);
        assertThat(finals[0]).as("FRUGAL %s vs GaLore %s (start %s)", finals[0], finals[1], start)
                .isLessThan(finals[1]);
        assertThat(finals[0]).isLessThan(0.5 * start);
    }
}
