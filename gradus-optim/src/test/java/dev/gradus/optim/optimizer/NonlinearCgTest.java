package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.optim.Objective;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import org.junit.jupiter.api.Test;

class NonlinearCgTest {

    @Test
    void endsInAtMostNIterationsOnAQuadraticWithNearExactLineSearches() {
        // f = ½ xᵀAx − bᵀx with A = MᵀM + I (n = 6): linear CG, which both betas reduce to with exact line
        // searches, reaches the minimum in at most n iterations. c2 = 1e-6 makes the search exact (the
        // cubic interpolation is exact on a quadratic).
        int n = 6;
        RandomStream rng = RandomStream.of(17);
        double[] mm = new double[n * n];
        rng.fillNormal(mm);
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? 1 : 0;
                for (int k = 0; k < n; k++) {
                    s += mm[k * n + i] * mm[k * n + j];
                }
                a[i * n + j] = s;
            }
        }
        double[] b = new double[n];
        rng.fillNormal(b);
        Objective f = (params, grad) -> {
            double[] x = params.get("x").data();
            double[] g = grad.get("x").data();
            double v = 0;
            for (int i = 0; i < n; i++) {
                double ax = 0;
                for (int j = 0; j < n; j++) {
                    ax += a[i * n + j] * x[j];
                }
                g[i] = ax - b[i];
                v += 0.5 * x[i] * ax - b[i] * x[i];
            }
            return v;
        };
        for (String beta : new String[] {"polak_ribiere_plus", "fletcher_reeves"}) {
            NonlinearCg cg = (NonlinearCg) Optimizers.nonlinearCg().maxIter(n).betaType(beta).with("c1", 1e-8).with("c2", 1e-6)
                    .with("max_eval", 200L).toleranceGrad(0);
            TensorMap p = TensorMap.of("x", Tensor.zeros(n));
            NonlinearCg.State s = cg.init(p);
            cg.step(p, f, s);
            TensorMap g = p.zerosLike();
            f.evaluate(p, g);
            assertThat(Trees.maxAbs(g)).as("%s: max|g| after %d iterations", beta, n).isLessThan(1e-8);
            assertThat(s.nIter().get()).isLessThanOrEqualTo(n);
        }
    }

    @Test
    void solvesExtendedRosenbrockWithBothBetas() {
        for (String beta : new String[] {"polak_ribiere_plus", "fletcher_reeves"}) {
            NonlinearCg cg = Optimizers.nonlinearCg().betaType(beta).maxIter(50).with("max_eval", 400L);
            TensorMap p = LbfgsTest.rosenbrockStart();
            NonlinearCg.State s = cg.init(p);
            for (int k = 0; k < 40; k++) {
                cg.step(p, LbfgsTest.ROSENBROCK, s);
            }
            // Fletcher-Reeves is known to crawl on Rosenbrock (Nocedal & Wright §5.2); both must get close.
            boolean fr = beta.equals("fletcher_reeves");
            assertThat(LbfgsTest.ROSENBROCK.evaluate(p, p.zerosLike())).as(beta).isLessThan(fr ? 1e-6 : 1e-10);
            for (double v : LbfgsTest.flat(p)) {
                assertThat(v).as(beta).isCloseTo(1.0, within(fr ? 1e-3 : 1e-5));
            }
        }
    }
}
