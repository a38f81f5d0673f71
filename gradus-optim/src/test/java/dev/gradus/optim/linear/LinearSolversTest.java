package dev.gradus.optim.linear;

import dev.gradus.tensor.RandomStream;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealLinearOperator;
import org.hipparchus.linear.RealVector;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LinearSolversTest {

    private static double[] randomB(int n, long seed) {
        double[] b = new double[n];
        RandomStream.of(seed).fillNormal(b);
        return b;
    }

    @Test
    void poissonHasTheAnalyticEigenpairs() {
        int n = 7;
        Poisson2d a = new Poisson2d(n);
        double[] v = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                v[i * n + j] = Math.sin(Math.PI * 2 * (i + 1) / (n + 1)) * Math.sin(Math.PI * 5 * (j + 1) / (n + 1));
            }
        }
        double[] av = new double[n * n];
        a.apply(v, av);
        for (int k = 0; k < v.length; k++) {
            assertThat(av[k]).isCloseTo(a.eigenvalue(2, 5) * v[k], within(1e-12));
        }
    }

    @Test
    void conjugateGradientTakesHipparchusIterationsAndSolves() {
        Poisson2d a = new Poisson2d(20);
        double[] b = randomB(400, 1);
        SolveResult mine = new ConjugateGradient().tol(1e-8).solve(a, b);
        assertThat(mine.converged()).isTrue();
        assertThat(mine.trueResidual(a, b)).isLessThan(1e-7);

        RealLinearOperator op = new RealLinearOperator() {
            @Override
            public int getRowDimension() {
                return 400;
            }

            @Override
            public int getColumnDimension() {
                return 400;
            }

            @Override
            public RealVector operate(RealVector x) {
                double[] out = new double[400];
                a.apply(x.toArray(), out);
                return new ArrayRealVector(out, false);
            }
        };
        org.hipparchus.linear.ConjugateGradient ref = new org.hipparchus.linear.ConjugateGradient(1000, 1e-8, false);
        RealVector x = ref.solve(op, new ArrayRealVector(b));
        // Hipparchus's iteration manager also counts its check of the initial residual, one more than the
        // directions applied.
        assertThat(mine.iterations()).isEqualTo(ref.getIterationManager().getIterations() - 1);
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < 400; i++) {
            diff += Math.pow(mine.x()[i] - x.getEntry(i), 2);
            norm += Math.pow(x.getEntry(i), 2);
        }
        assertThat(Math.sqrt(diff / norm)).isLessThan(1e-6);
    }

    @Test
    void identityDirectionsReproduceConjugateGradient() {
        Poisson2d a = new Poisson2d(16);
        double[] b = randomB(256, 2);
        SolveResult cg = new ConjugateGradient().solve(a, b);
        SolveResult dcdm = new DeepConjugateDirection(DirectionModel.IDENTITY).previousDirections(1).solve(a, b);
        assertThat(dcdm.iterations()).isEqualTo(cg.iterations());
        for (int k = 0; k <= cg.iterations(); k++) {
            assertThat(dcdm.relativeResidual()[k]).isCloseTo(cg.relativeResidual()[k], within(1e-8));
        }
    }

    @Test
    void withoutOrthogonalisationIdentityIsSteepestDescentAndFarSlower() {
        Poisson2d a = new Poisson2d(16);
        double[] b = randomB(256, 3);
        SolveResult cg = new ConjugateGradient().solve(a, b);
        SolveResult sd = new DeepConjugateDirection(DirectionModel.IDENTITY).previousDirections(0).maxIterations(2000)
                .solve(a, b);
        assertThat(sd.iterations()).isGreaterThan(5 * cg.iterations());
    }

    @Test
    void aFittedStencilCutsTheIterationsOnPoisson() {
        int n = 16;
        Poisson2d a = new Poisson2d(n);
        RandomStream rng = RandomStream.of(4);
        double[][] train = new double[30][];
        for (int k = 0; k < train.length; k++) {
            train[k] = a.spectralSample(rng, 9);
        }
        Stencil2d f = Stencil2d.fit(a, n, 3, train);
        double[] b = randomB(n * n, 5);
        SolveResult cg = new ConjugateGradient().solve(a, b);
        SolveResult dcdm = new DeepConjugateDirection(f).solve(a, b);
        assertThat(dcdm.converged()).isTrue();
        assertThat(dcdm.trueResidual(a, b)).isLessThan(1e-5);
        assertThat(dcdm.iterations()).isLessThan(cg.iterations() / 2);
    }

    @Test
    void stencilFitRecoversTheInverseOfAnOperatorThatIsAStencil() {
        int n = 6;
        LinearOperator twice = new LinearOperator() {
            @Override
            public int size() {
                return n * n;
            }

            @Override
            public void apply(double[] x, double[] out) {
                for (int i = 0; i < x.length; i++) {
                    out[i] = 2 * x[i];
                }
            }
        };
        double[][] train = new double[3][n * n];
        RandomStream rng = RandomStream.of(6);
        for (double[] v : train) {
            rng.fillNormal(v);
        }
        double[] w = Stencil2d.fit(twice, n, 1, train).weights();
        for (int k = 0; k < 9; k++) {
            assertThat(w[k]).as("weight %d", k).isCloseTo(k == 4 ? 0.5 : 0.0, within(1e-10));
        }
        double[] out = new double[n * n];
        new Stencil2d(n, 1, w).direction(train[0], out);
        assertThat(out[7]).isCloseTo(0.5 * train[0][7], within(1e-10));
    }

    @Test
    void badInputIsRefusedWithItsName() {
        Poisson2d a = new Poisson2d(4);
        assertThatThrownBy(() -> new ConjugateGradient().solve(a, new double[5]))
                .hasMessageContaining("b has length 5");
        assertThatThrownBy(() -> new DeepConjugateDirection(DirectionModel.IDENTITY).previousDirections(-1))
                .hasMessageContaining("previousDirections");
        assertThatThrownBy(() -> new Stencil2d(4, 1, new double[8])).hasMessageContaining("need 9 weights");
        assertThatThrownBy(() -> new ConjugateGradient().tol(0)).hasMessageContaining("tol");
        SolveResult zero = new ConjugateGradient().solve(a, new double[16]);
        assertThat(zero.converged()).isTrue();
        assertThat(zero.iterations()).isZero();
    }
}
