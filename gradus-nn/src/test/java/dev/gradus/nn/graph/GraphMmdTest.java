package dev.gradus.nn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class GraphMmdTest {
    private static DenseGraph triangle() {
        return DenseGraph.of(3, new double[] {0, 1, 1, 1, 0, 1, 1, 1, 0});
    }

    private static DenseGraph star() {
        return DenseGraph.of(4, new double[] {0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0});
    }

    @Test
    void statisticsOfSmallGraphs() {
        assertThat(GraphStatistics.degreeHistogram(star())).containsExactly(0, 3, 0, 1);
        assertThat(GraphStatistics.clustering(triangle())).containsExactly(1, 1, 1);
        assertThat(GraphStatistics.clustering(star())).containsExactly(0, 0, 0, 0);
        double[] h = GraphStatistics.clusteringHistogram(triangle(), 100);
        assertThat(h[99]).isEqualTo(3); // a coefficient of 1 falls into the closed last bin, as in numpy
        // a triangle with a pendant node: the triangle nodes with degree 3 have clustering 1/3
        DenseGraph paw = DenseGraph.of(4, new double[] {0, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0});
        assertThat(GraphStatistics.clustering(paw)).containsExactly(new double[] {1.0 / 3, 1, 1, 0}, within(1e-12));
    }

    @Test
    void emdIsTheL1DistanceOfCumulativeSums() {
        assertThat(GraphMmd.emd(new double[] {1, 0, 0}, new double[] {0, 0, 1})).isEqualTo(2.0);
        assertThat(GraphMmd.emd(new double[] {0.5, 0.5}, new double[] {0, 0, 1})).isEqualTo(1.5);
        assertThat(GraphMmd.gaussianEmd(new double[] {1, 0}, new double[] {0, 1}, 1, 1)).isCloseTo(Math.exp(-0.5),
                within(1e-15));
        assertThat(GraphMmd.gaussianEmd(new double[] {1, 0}, new double[] {0, 1}, 0.1, 100))
                .isCloseTo(Math.exp(-0.0001 / 0.02), within(1e-15));
    }

    @Test
    void mmdByHandAndItsBasicProperties() {
        // {δ_0} against {δ_1}: 1 + 1 − 2 exp(−1/2); counts are normalised first
        double m = GraphMmd.mmd(List.of(new double[] {3, 0}), List.of(new double[] {0, 2}), 1, 1);
        assertThat(m).isCloseTo(2 - 2 * Math.exp(-0.5), within(1e-14));
        List<DenseGraph> a = CommunityGraphs.communitySmall(10, RandomStream.of(1));
        assertThat(GraphMmd.degree(a, a)).isCloseTo(0.0, within(1e-14));
        assertThat(GraphMmd.clustering(a, a)).isCloseTo(0.0, within(1e-14));
        List<DenseGraph> stars = List.of(star(), star());
        assertThat(GraphMmd.degree(a, stars)).isGreaterThan(0.1);
        assertThat(GraphMmd.clustering(a, stars)).isGreaterThan(0.1);
        assertThat(GraphMmd.degree(a, stars)).isCloseTo(GraphMmd.degree(stars, a), within(1e-14));
    }

    @Test
    void communityGraphsAreCloserToEachOtherThanToRandomGraphsOfTheSameDensity() {
        RandomStream rng = RandomStream.of(7);
        List<DenseGraph> ref = CommunityGraphs.communitySmall(20, rng);
        List<DenseGraph> same = CommunityGraphs.communitySmall(20, rng);
        List<DenseGraph> er = new java.util.ArrayList<>();
        for (DenseGraph g : same) {
            int n = g.nodes();
            double p = g.edgeCount() / (n * (n - 1) / 2.0);
            double[] adj = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    if (rng.uniform() < p) {
                        adj[i * n + j] = 1;
                        adj[j * n + i] = 1;
                    }
                }
            }
            er.add(DenseGraph.of(n, adj));
        }
        assertThat(GraphMmd.clustering(ref, same)).isLessThan(GraphMmd.clustering(ref, er));
    }

    @Test
    void badInputIsNamed() {
        assertThatThrownBy(() -> GraphMmd.degree(List.of(), List.of(star()))).hasMessageContaining("empty");
        assertThatThrownBy(() -> GraphMmd.mmd(List.of(new double[] {0, 0}), List.of(new double[] {1}), 1, 1))
                .hasMessageContaining("zero mass");
        assertThatThrownBy(() -> DenseGraph.of(2, new double[] {0, 1, 0, 0})).hasMessageContaining("must be equal");
    }
}
