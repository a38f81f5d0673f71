package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.Optimizers;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;

class GaloreTest {
    private static final double LR = 0.01;
    private static final double SCALE = 0.5;

    private static TensorMap params(RandomStream rng) {
        return new TensorMap().put("tall", TorchReference.randn(rng, 7, 4)).put("wide", TorchReference.randn(rng, 3, 8))
                .put("bias", TorchReference.randn(rng, 5));
    }

    private static TensorMap grads(TensorMap params, RandomStream rng) {
        TensorMap g = new TensorMap();
        params.forEach((n, p) -> g.put(n, TorchReference.randn(rng, p.shape())));
        return g;
    }

    private static Galore galore() {
        return (Galore) Optimizers.galore().lr(LR).with("rank", 2L).with("scale", SCALE).updateGap(3).eps(1e-12);
    }

    /** {@code sign(R)} lifted with an independent SVD, {@code R} the rank-2 projection of {@code g} (m x n). */
    private static double[] liftedSign(double[] g, int m, int n) {
        DMatrixRMaj a = new DMatrixRMaj(m, n, true, g);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(m, n, true, true, false);
        assertThat(svd.decompose(a.copy())).isTrue();
        DMatrixRMaj u = svd.getU(null, false);
        DMatrixRMaj w = svd.getW(null);
        DMatrixRMaj v = svd.getV(null, false);
        SingularOps_DDRM.descendingOrder(u, false, w, v, false);
        DMatrixRMaj out = new DMatrixRMaj(m, n);
        if (m >= n) { // R = G V_r (m x 2), Lift(N) = N V_rᵀ
            DMatrixRMaj vr = CommonOps_DDRM.extract(v, 0, n, 0, 2);
            DMatrixRMaj r = new DMatrixRMaj(m, 2);
            CommonOps_DDRM.mult(a, vr, r);
            signs(r);
            CommonOps_DDRM.multTransB(r, vr, out);
        } else { // R = U_rᵀ G (2 x n), Lift(N) = U_r N
            DMatrixRMaj ur = CommonOps_DDRM.extract(u, 0, m, 0, 2);
            DMatrixRMaj r = new DMatrixRMaj(2, n);
            CommonOps_DDRM.multTransA(ur, a, r);
            signs(r);
            CommonOps_DDRM.mult(ur, r, out);
        }
        return out.data;
    }

    private static void signs(DMatrixRMaj r) {
        for (int i = 0; i < r.data.length; i++) {
            r.data[i] = Math.signum(r.data[i]);
        }
    }

    @Test
    void theFirstStepIsTheLiftedSignOfTheProjectedGradientWhateverTheSingularVectorSigns() {
        RandomStream rng = RandomStream.of(4);
        TensorMap p = params(rng);
        TensorMap before = p.copy();
        TensorMap g = grads(p, rng);
        TensorMap g0 = g.copy();
        Galore opt = galore();
        opt.step(p, g, opt.init(p));
        // t = 1: N = (1 - b1) R / (sqrt(1 - b2) |R| + eps) and the step size cancels both factors, so
        // dW = -lr * scale * Lift(sign R) up to eps / |R| (eps is 1e-12 here).
        for (String name : new String[] {"tall", "wide"}) {
            Tensor w = before.get(name);
            double[] want = liftedSign(g0.get(name).data(), w.dim(0), w.dim(1));
            double[] got = p.get(name).data();
            for (int j = 0; j < got.length; j++) {
                assertThat(got[j] - w.data()[j]).as("%s[%d]", name, j).isCloseTo(-LR * SCALE * want[j], within(1e-7));
            }
        }
        // The vector is not projected: plain Adam's first step, -lr * sign(g), without the scale.
        for (int j = 0; j < 5; j++) {
            assertThat(p.get("bias").data()[j] - before.get("bias").data()[j])
                    .isCloseTo(-LR * Math.signum(g0.get("bias").data()[j]), within(1e-7));
        }
    }

    @Test
    void theStateIsLowRankAndTheUpdateHasRankAtMostR() {
        RandomStream rng = RandomStream.of(5);
        TensorMap p = params(rng);
        Galore opt = galore();
        Galore.State s = opt.init(p);
        assertThat(s.expAvg().get("tall").shape()).containsExactly(7, 2);
        assertThat(s.expAvg().get("wide").shape()).containsExactly(2, 8);
        assertThat(s.expAvg().get("bias").shape()).containsExactly(5);
        assertThat(s.projector().get("tall").shape()).containsExactly(2, 4);
        assertThat(s.projector().get("wide").shape()).containsExactly(3, 2);
        // Moments: 2 x (7*2 + 2*8 + 5); projectors: 2*4 + 3*2.
        assertThat(StateTree.tensorBytes(s)).isEqualTo(8L * (2 * (14 + 16 + 5) + 8 + 6));
        for (int k = 0; k < 5; k++) {
            TensorMap before = p.copy();
            opt.step(p, grads(p, rng), s);
            double[] d = new double[7 * 4];
            for (int j = 0; j < d.length; j++) {
                d[j] = p.get("tall").data()[j] - before.get("tall").data()[j];
            }
            double[] sv = SingularOps_DDRM.singularValues(new DMatrixRMaj(7, 4, true, d));
            java.util.Arrays.sort(sv);
            assertThat(sv[1]).as("third singular value of step %d's update", k).isLessThan(1e-12 * sv[3]);
        }
    }

    @Test
    void aVectorSelectedForProjectionIsRefused() {
        Galore opt = (Galore) Optimizers.galore().projParams("*");
        assertThatThrownBy(() -> opt.init(params(RandomStream.of(1))))
                .hasMessageContaining("galore: proj_params selects 'bias' of rank 1; GaLore projects matrices only");
    }
}
