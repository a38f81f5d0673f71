package dev.gradus.nn.structure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * NOTEARS against the authors' code on the setting of its demo ({@code notears/linear.py}: ER graph, Gaussian
 * equal-variance SEM, n = 1000, λ = 0.1, threshold 0.3) at d = 10 with 20 edges, and TOPO on the same kind of data.
 */
class NotearsTopoTest {
    private static final int D = 10;

    /**
     * The authors' NOTEARS ({@code scripts/peers/notears_reference.py}, scipy 1.17 L-BFGS-B) on the data of
     * {@code problem(11)} written as CSV: score 5.6037, h = 8.1e-9, ρ = 1e13; its SHD to the truth is 6 (NOTEARS stops
     * at a local solution on this graph).
     */
    private static final double[][] REFERENCE = {
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {1.363044, 0, 0, -2.898320, 0, -0.740341, 0, 0.641910, 0, -0.496649},
        {0, 0, 0, 0, 0, 0, 0, 0, 0, -1.804669},
        {0, 0, 0, 0, -2.383387, 0, -0.325562, 0, 0, 0},
        {0, 0, 0, 0, 0, 1.353079, 0, 0, 0.433721, -0.576531},
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        {-1.291781, 0, 0, 0, 0, -0.771829, 0, 0, 0, 0},
        {1.890423, 0, 0, 0, 1.033479, 0, 0, 0, 1.110003, 0},
        {0, 0, -0.879107, 0, 0, 0, 0, 0, 0, 1.752056},
        {0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    };

    private record Problem(double[] truth, LeastSquaresScore score) {}

    private static Problem problem(long seed) {
        RandomStream rng = RandomStream.of(seed);
        double[] w = RandomDag.erdosRenyi(D, 20, rng);
        return new Problem(w, LeastSquaresScore.of(LinearSem.sample(w, D, 1000, 1.0, rng)));
    }

    @Test
    void notearsGivesTheAuthorsCodesEstimateAndTopoImprovesIt() {
        Problem p = problem(11);
        NotearsResult r = new Notears().fit(p.score());
        double[] ref = new double[D * D];
        for (int i = 0; i < D; i++) {
            System.arraycopy(REFERENCE[i], 0, ref, i * D, D);
        }
        assertThat(r.h()).isLessThanOrEqualTo(1e-8);
        assertThat(Dags.isDag(r.weights(), D)).isTrue();
        assertThat(Shd.of(ref, r.weights(), D)).isZero();
        assertThat(r.weights()).containsExactly(ref, within(0.01));
        assertThat(p.score().value(r.weights())).isCloseTo(5.6037, within(0.01));
        assertThat(Shd.of(p.truth(), r.weights(), D)).isEqualTo(6);

        // TOPO started from NOTEARS' order lowers its score to the truth's level and repairs part of the graph
        TopoResult post = new TopoSwaps().fit(p.score(), Dags.topologicalOrder(r.weights(), D));
        assertThat(post.score()).isLessThan(p.score().value(r.weights()));
        assertThat(post.score()).isLessThanOrEqualTo(p.score().value(p.truth()));
        assertThat(Shd.of(p.truth(), post.thresholded(0.3), D)).isLessThan(6);
    }

    @Test
    void topoFromARandomOrderReachesTheTruthsScoreAndGraph() {
        Problem p = problem(12);
        double truthScore = p.score().value(p.truth());
        int[] start = RandomStream.of(3).permutation(D);
        TopoResult topo = new TopoSwaps().fit(p.score(), start);
        assertThat(topo.swaps()).isPositive();
        assertThat(topo.score()).isLessThanOrEqualTo(truthScore);
        assertThat(topo.score()).isLessThan(TopoSwaps.fitOrder(p.score(), start).score());
        assertThat(p.score().value(topo.weights())).isCloseTo(topo.score(), within(1e-10));
        assertThat(Dags.isDag(topo.weights(), D)).isTrue();
        assertThat(Shd.of(p.truth(), topo.thresholded(0.3), D)).isZero();
    }
}
