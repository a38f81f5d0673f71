package dev.gradus.nn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommunityGraphsTest {
    @Test
    void communitySmallHasTwoDenseCommunitiesJoinedByFewBridges() {
        List<DenseGraph> gs = CommunityGraphs.communitySmall(200, RandomStream.of(3));
        double intra = 0, intraPairs = 0, bridges = 0;
        for (DenseGraph g : gs) {
            int n = g.nodes();
            assertThat(n).isBetween(12, 20).isEven();
            int s = n / 2;
            int cross = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    boolean same = (i < s) == (j < s);
                    if (same) {
                        intra += g.edge(i, j) ? 1 : 0;
                        intraPairs++;
                    } else {
                        cross += g.edge(i, j) ? 1 : 0;
                    }
                }
            }
            assertThat(cross).isPositive();
            bridges += cross;
        }
        assertThat(intra / intraPairs).isCloseTo(0.7, within(0.02));
        // expected bridges per graph: s² · 2·0.05/s = 0.1·s ≈ 0.8, plus the forced one when none is drawn
        assertThat(bridges / gs.size()).isBetween(1.0, 1.6);
    }

    @Test
    void theSameSeedGivesTheSameGraphs() {
        assertThat(CommunityGraphs.communitySmall(5, RandomStream.of(9)))
                .isEqualTo(CommunityGraphs.communitySmall(5, RandomStream.of(9)))
                .isNotEqualTo(CommunityGraphs.communitySmall(5, RandomStream.of(10)));
    }

    @Test
    void isolatedNodesAreRemovedAsGdssDoes() {
        DenseGraph g = DenseGraph.of(4, new double[] {0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        assertThat(g.withoutIsolatedNodes().nodes()).isEqualTo(2);
        assertThat(DenseGraph.of(3, new double[9]).withoutIsolatedNodes().nodes()).isEqualTo(1);
    }
}
