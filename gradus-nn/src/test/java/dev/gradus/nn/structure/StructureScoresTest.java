package dev.gradus.nn.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** The least-squares score, the acyclicity function, SHD and the random DAGs. */
class StructureScoresTest {

    private static void checkGradient(java.util.function.BiFunction<double[], double[], Double> f, double[] w) {
        double[] g = new double[w.length];
        f.apply(w, g);
        double eps = 1e-6;
        for (int i = 0; i < w.length; i++) {
            double[] p = w.clone();
            double[] m = w.clone();
            p[i] += eps;
            m[i] -= eps;
            double fd = (f.apply(p, null) - f.apply(m, null)) / (2 * eps);
            assertThat(g[i]).as("entry %d", i).isCloseTo(fd, within(1e-6 * Math.max(1, Math.abs(fd))));
        }
    }

    @Test
    void scoreEqualsTheResidualNormAndItsGradientChecks() {
        RandomStream rng = RandomStream.of(1);
        int n = 50;
        int d = 4;
        Tensor x = Tensor.randn(rng, n, d);
        LeastSquaresScore score = LeastSquaresScore.of(x);
        double[] w = new double[d * d];
        rng.fillNormal(w);
        double direct = 0;                               // (1/2n) ‖X − XW‖²
        for (int r = 0; r < n; r++) {
            for (int j = 0; j < d; j++) {
                double v = x.get(r, j);
                for (int i = 0; i < d; i++) {
                    v -= x.get(r, i) * w[i * d + j];
                }
                direct += v * v;
            }
        }
        assertThat(score.value(w)).isCloseTo(direct / (2 * n), within(1e-12));
        checkGradient(score::valueAndGradient, w);
    }

    @Test
    void nodeFitIsOrdinaryLeastSquares() {
        RandomStream rng = RandomStream.of(2);
        int d = 4;
        double[] w = {0, 1.5, 0, -1, 0, 0, 0.8, 0, 0, 0, 0, 0, 0, 0, 0.7, 0};
        LeastSquaresScore score = LeastSquaresScore.of(LinearSem.sample(w, d, 20000, 1.0, rng));
        double[] coef = new double[3];
        double loss = score.fitNode(2, new int[] {0, 1, 3}, 3, coef);
        assertThat(coef).containsExactly(new double[] {0, 0.8, 0.7}, within(0.03));
        assertThat(loss).isCloseTo(0.5, within(0.02));       // ½ · noise variance
        // the fit on a parent set minimises the node's share of F over that support
        double[] wj = new double[d * d];
        wj[1 * d + 2] = coef[1];
        wj[0 * d + 2] = coef[0];
        wj[3 * d + 2] = coef[2];
        double base = score.value(wj);
        wj[1 * d + 2] += 1e-3;
        assertThat(score.value(wj)).isGreaterThan(base);
        assertThat(score.fitNode(0, new int[0], 0, null)).isCloseTo(0.5, within(0.02));
    }

    @Test
    void acyclicityIsZeroExactlyOnDagsAndItsGradientChecks() {
        int d = 3;
        double[] dag = {0, 1, 2, 0, 0, -1, 0, 0, 0};
        assertThat(Acyclicity.valueAndGradient(dag, d, null)).isCloseTo(0, within(1e-14));
        double[] cyc = dag.clone();
        cyc[2 * d + 0] = 0.5;
        assertThat(Acyclicity.valueAndGradient(cyc, d, null)).isGreaterThan(0.1);
        RandomStream rng = RandomStream.of(4);
        double[] w = new double[16];
        rng.fillNormal(w);
        checkGradient((a, g) -> Acyclicity.valueAndGradient(a, 4, g), w);
        // path gradient: entry (i, j) > 0 iff a path j ⇝ i exists
        double[] g = Acyclicity.pathGradient(dag, d);
        assertThat(g[2 * d + 0]).isGreaterThan(0);              // 0 ⇝ 2
        assertThat(g[0 * d + 2]).isZero();                        // no path 2 ⇝ 0
    }

    @Test
    void shdCountsMissingExtraAndReversedEdgesOnce() {
        int d = 3;
        double[] truth = {0, 1, 0, 0, 0, 1, 0, 0, 0};                // 0→1→2
        assertThat(Shd.of(truth, truth, d)).isZero();
        assertThat(Shd.of(truth, new double[] {0, 0, 0, 1, 0, 1, 0, 0, 0}, d)).isEqualTo(1);   // reversed
        assertThat(Shd.of(truth, new double[] {0, 1, 1, 0, 0, 0, 0, 0, 0}, d)).isEqualTo(2);   // extra + missing
        assertThatThrownBy(() -> Shd.of(truth, new double[4], d)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomDagsAreAcyclicWithTheRequestedSize() {
        RandomStream rng = RandomStream.of(5);
        double[] er = RandomDag.erdosRenyi(20, 40, rng);
        assertThat(Dags.isDag(er, 20)).isTrue();
        assertThat(Dags.edgeCount(er, 20)).isEqualTo(40);
        double[] sf = RandomDag.scaleFree(20, 40, rng);
        assertThat(Dags.isDag(sf, 20)).isTrue();
        assertThat(Dags.edgeCount(sf, 20)).isEqualTo(2 * 19 - 1);   // m = 2 per new node, 1 for the second node
        for (double v : er) {
            assertThat(v == 0 || (Math.abs(v) >= 0.5 && Math.abs(v) <= 2)).isTrue();
        }
        assertThat(Dags.isDag(new double[] {0, 1, 1, 0}, 2)).isFalse();
    }
}
