package dev.gradus.nn.convex;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.ReLU;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Brute force at small size: with every activation pattern of one-dimensional data, the convex optimum is the
 * global optimum of the ReLU network, so no network trained by gradient descent from any start ends below it, and
 * the best of many starts comes close to it.
 */
class GlobalOptimumTest {

    static final double BETA = 0.05;

    @Test
    void noTrainedNetworkBeatsTheConvexOptimumOverAllPatterns() {
        RandomStream rng = RandomStream.of(1);
        int n = 8;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k][0] = -2 + 4.0 * k / (n - 1) + 0.1 * rng.normal();
            x[k][1] = 1.0;
            y[k] = Math.abs(x[k][0]) - 0.5 + 0.2 * rng.normal();
        }
        ActivationPatterns all = ActivationPatterns.allOneDimensional(x);
        ConvexReluProgram program = new ConvexReluProgram(x, y, BETA, all);
        ConvexReluSolution sol = new ConvexReluAdmm().rho(0.1).solve(program, 20_000);
        double convex = sol.finalObjective();
        assertThat(sol.finalViolation()).isLessThan(1e-6);
        assertThat(sol.toNetwork().objective(x, y, BETA)).isCloseTo(convex, org.assertj.core.api.Assertions.within(1e-5));

        double best = Double.POSITIVE_INFINITY;
        for (int seed = 0; seed < 5; seed++) {
            double f = gradientDescent(x, y, 10, seed);
            assertThat(f).as("seed %d", seed).isGreaterThan(convex - 1e-6);
            best = Math.min(best, f);
        }
        // Measured: every start reaches the convex value to within 1e-6 (relative).
        assertThat(best).isLessThan(convex * (1 + 1e-5));

        // Control: over a few patterns only, the program's optimum is no longer global, and GD beats it.
        boolean[][] few = {all.mask(0), all.mask(1), all.mask(2)};
        double partial = new ConvexReluAdmm().solve(new ConvexReluProgram(x, y, BETA, ActivationPatterns.of(few)),
                5000).finalObjective();
        assertThat(partial).isGreaterThan(best * 1.1);
    }

    /** Full-batch GD on ½‖f − y‖² + (β/2)(‖W‖² + ‖a‖²) for a width-m network; the final objective. */
    static double gradientDescent(double[][] x, double[] y, int m, long seed) {
        RandomStream rng = RandomStream.of(100 + seed);
        Linear first = new Linear(2, m, false, rng);
        Linear second = new Linear(m, 1, false, rng);
        Sequential net = new Sequential(first, new ReLU(), second);
        double[] flat = new double[x.length * 2];
        for (int k = 0; k < x.length; k++) {
            flat[2 * k] = x[k][0];
            flat[2 * k + 1] = 1.0;
        }
        Tensor input = Tensor.of(flat, x.length, 2);
        Tensor target = Tensor.of(y.clone(), x.length, 1);
        double value = 0;
        for (int it = 0; it <= 20_000; it++) {
            Var out = net.forward(Var.constant(input));
            Var r = out.sub(Var.constant(target));
            Var reg = Var.scalar(0);
            for (Var p : net.parameterNodes()) {
                reg = reg.add(p.square().sum());
            }
            Var loss = r.square().sum().mul(0.5).add(reg.mul(BETA / 2));
            value = loss.item();
            if (it == 20_000) {
                break;
            }
            TensorMap g = net.gradients(loss);
            TensorMap params = net.namedParameters();
            for (String name : params.names()) {
                double[] pd = params.get(name).data();
                double[] gd = g.get(name).data();
                for (int i = 0; i < pd.length; i++) {
                    pd[i] -= 0.01 * gd[i];
                }
            }
        }
        return value;
    }
}
