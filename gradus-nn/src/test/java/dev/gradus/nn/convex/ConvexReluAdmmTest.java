package dev.gradus.nn.convex;

import dev.gradus.nn.Sequential;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConvexReluAdmmTest {

    /** n points in 2-D plus a bias column; targets from a two-neuron teacher plus noise. */
    static double[][] inputs(int n, long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[][] x = new double[n][3];
        for (int k = 0; k < n; k++) {
            x[k][0] = rng.normal();
            x[k][1] = rng.normal();
            x[k][2] = 1.0;
        }
        return x;
    }

    static double[] teacher(double[][] x, long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[] y = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double h1 = Math.max(0, x[k][0] + 0.5 * x[k][1] - 0.2);
            double h2 = Math.max(0, -x[k][0] + x[k][1] + 0.3);
            y[k] = h1 - 1.5 * h2 + 0.1 * rng.normal();
        }
        return y;
    }

    /** The directions that first induced each distinct pattern, replaying ActivationPatterns.sample's draws. */
    static double[][] generators(double[][] x, int draws, long seed) {
        RandomStream rng = RandomStream.of(seed);
        Set<String> seen = new HashSet<>();
        List<double[]> kept = new ArrayList<>();
        for (int t = 0; t < draws; t++) {
            double[] u = new double[x[0].length];
            rng.fillNormal(u);
            StringBuilder key = new StringBuilder();
            boolean any = false;
            for (double[] row : x) {
                double s = 0;
                for (int c = 0; c < u.length; c++) {
                    s += row[c] * u[c];
                }
                key.append(s >= 0 ? '1' : '0');
                any |= s >= 0;
            }
            if (any && seen.add(key.toString())) {
                kept.add(u);
            }
        }
        return kept.toArray(new double[0][]);
    }

    @Test
    void admmReachesTheOptimumOfAnIndependentInteriorPointSolver() {
        double[][] x = inputs(12, 1);
        double[] y = teacher(x, 2);
        ActivationPatterns pat = ActivationPatterns.sample(x, 10, RandomStream.of(3));
        double[][] gens = generators(x, 10, 3);
        assertThat(gens.length).isEqualTo(pat.count());
        ConvexReluProgram prog = new ConvexReluProgram(x, y, 0.05, pat);
        double reference = BarrierReference.solve(prog, gens);

        ConvexReluSolution sol = new ConvexReluAdmm().rho(0.1).solve(prog, 20_000);
        assertThat(sol.finalViolation()).isLessThan(1e-6);
        assertThat(sol.finalObjective()).isCloseTo(reference, within(1e-5 * (1 + reference)));
        // Never meaningfully below the optimum (only by what the constraint violation allows).
        assertThat(sol.finalObjective()).isGreaterThan(reference - 1e-5);
    }

    @Test
    void theMappedNetworkHasTheSameObjectiveAndTheModuleComputesIt() {
        double[][] x = inputs(40, 11);
        double[] y = teacher(x, 12);
        double beta = 0.01;
        ConvexReluProgram prog = new ConvexReluProgram(x, y, beta,
                ActivationPatterns.sample(x, 30, RandomStream.of(13)));
        ConvexReluSolution sol = new ConvexReluAdmm().solve(prog, 3000);
        TwoLayerRelu net = sol.toNetwork();
        assertThat(net.width()).isEqualTo(sol.activeNeurons()).isPositive();
        assertThat(net.objective(x, y, beta)).isCloseTo(sol.finalObjective(),
                within(1e-9 + 100 * sol.finalViolation()));
        assertThat(sol.finalViolation()).isLessThan(1e-4);

        Sequential module = net.toModule();
        double[] flat = new double[x.length * 3];
        for (int k = 0; k < x.length; k++) {
            System.arraycopy(x[k], 0, flat, 3 * k, 3);
        }
        double[] out = module.forward(Tensor.of(flat, x.length, 3)).value().data();
        assertThat(out).containsExactly(net.predict(x), within(1e-12));
    }

    @Test
    void theObjectiveFallsAndTheFitImproves() {
        double[][] x = inputs(40, 21);
        double[] y = teacher(x, 22);
        ConvexReluProgram prog = new ConvexReluProgram(x, y, 0.01,
                ActivationPatterns.sample(x, 30, RandomStream.of(23)));
        ConvexReluSolution sol = new ConvexReluAdmm().solve(prog, 500);
        double zero = prog.objective(new double[2 * prog.patternCount() * 3]);
        assertThat(sol.objective()[499]).isLessThan(sol.objective()[49]).isLessThan(0.2 * zero);
    }

    @Test
    void aToleranceStopsEarlyWithTheSameIterates() {
        double[][] x = inputs(30, 41);
        double[] y = teacher(x, 42);
        ConvexReluProgram prog = new ConvexReluProgram(x, y, 0.01,
                ActivationPatterns.sample(x, 20, RandomStream.of(43)));
        ConvexReluSolution early = new ConvexReluAdmm().tolerance(1e-4).solve(prog, 50_000);
        int t = early.objective().length;
        assertThat(t).isLessThan(50_000);
        assertThat(early.violation()).hasSize(t);
        // Stopping changes nothing before the stop: the same iterates as a run of exactly t iterations.
        ConvexReluSolution fixed = new ConvexReluAdmm().solve(prog, t);
        assertThat(early.u()).containsExactly(fixed.u());
        assertThat(early.finalViolation()).isLessThan(1e-3);
    }

    @Test
    void patternsAreDeduplicatedAndBadInputIsRefused() {
        double[][] x = inputs(5, 31);
        ActivationPatterns pat = ActivationPatterns.sample(x, 500, RandomStream.of(1));
        // Five points in general position in 2-D plus bias: at most 2·(1 + 4 + ... ) patterns; always fewer
        // than drawn, and no two equal.
        assertThat(pat.count()).isLessThan(500).isGreaterThan(1);
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < pat.count(); i++) {
            assertThat(keys.add(java.util.Arrays.toString(pat.mask(i)))).isTrue();
        }
        assertThatThrownBy(() -> new ConvexReluProgram(x, new double[4], 0.1, pat))
                .hasMessageContaining("x has 5 rows, y has 4");
        assertThatThrownBy(() -> new ConvexReluProgram(x, new double[5], -1, pat))
                .hasMessageContaining("beta must be finite and >= 0");
        assertThatThrownBy(() -> new ConvexReluAdmm().rho(0)).hasMessageContaining("rho must be");
    }
}
