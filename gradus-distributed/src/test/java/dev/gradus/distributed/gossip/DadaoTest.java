package dev.gradus.distributed.gossip;

import dev.gradus.tensor.RandomStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Topologies, the matrix exponential, and the decentralised methods on heterogeneous ridge regression. */
class DadaoTest {

    @Test
    void topologiesHaveTheirEdgesAndConstants() {
        assertThat(Topology.ring(6).edgeCount()).isEqualTo(6);
        assertThat(Topology.complete(5).edgeCount()).isEqualTo(10);
        assertThat(Topology.torus(3, 4).edgeCount()).isEqualTo(24);
        assertThat(Topology.torus(3, 4).degrees()).containsOnly(4);
        Topology g = Topology.randomGeometric(10, 0.5, RandomStream.of(1));
        assertThat(g.nodes()).isEqualTo(10);
        assertThat(Topology.erdosRenyi(10, 0.3, RandomStream.of(2)).edgeCount()).isPositive();
        // complete graph K_n: Laplacian eigenvalues 0 and n; L_norm = L / (n(n-1)/2) -> chi1 = (n-1)/2.
        double[] chi = Topology.complete(5).chi();
        assertThat(chi[0]).isCloseTo(2.0, Offset.offset(1e-9));
        // effective resistance of an edge of K_n is 2/n; chi2 = 1/2 * |E| * 2/n = (n-1)/2
        assertThat(chi[1]).isCloseTo(2.0, Offset.offset(1e-9));
    }

    @Test
    void dadaoConvergesLinearlyAndGossipWithAConstantStepStalls() {
        RidgeProblem p = RidgeProblem.of(8, 5, 20, 1.0, 0.1, 1.0, RandomStream.of(3));
        Topology g = Topology.ring(8);
        Dadao dadao = new Dadao(p, g, 1.0, 0.1);
        double[] x0 = new double[5];
        Trace t = dadao.run(x0, 800, 40, RandomStream.of(4));
        double[] e = t.column(3);
        assertThat(e[e.length - 1] / e[0]).as("error falls by 1e6 over the run").isLessThan(1e-6);
        // linear: the log-error falls about as fast in the second half as in the first
        int mid = e.length / 2;
        double first = Math.log(e[mid] / e[0]);
        double second = Math.log(e[e.length - 1] / e[mid]);
        assertThat(second / first).isBetween(0.7, 1.4);

        Trace gossip = new RandomizedGossip(p, g, 0.5, 0, dadao.communicationRate()).run(x0, 800, 40,
                RandomStream.of(4));
        assertThat(gossip.last()[3]).as("a constant step stalls in a neighbourhood").isGreaterThan(1e-3);
    }

    @Test
    void dadaosTimeToAccuracyGrowsLikeTheSquareRootOfTheConditionNumber() {
        double[] time = new double[2];
        double[] mus = {0.1, 0.05};
        for (int k = 0; k < 2; k++) {
            RidgeProblem p = RidgeProblem.of(8, 5, 20, 1.0, mus[k], 1.0, RandomStream.of(3));
            time[k] = new Dadao(p, Topology.ring(8), 1.0, mus[k]).run(new double[5], 1200, 5, RandomStream.of(4))
                    .firstBelow(1e-4)[0];
        }
        assertThat(time[1] / time[0]).as("doubling L/mu: about sqrt 2, not 2").isBetween(1.2, 1.7);
    }

    @Test
    void dSgdWithAConstantStepReachesOnlyANeighbourhoodOfTheOptimum() {
        RidgeProblem p = RidgeProblem.of(6, 4, 12, 1.0, 0.2, 0.5, RandomStream.of(5));
        Trace t = new DecentralizedSgd(p, Topology.ring(6), 0.5).run(new double[4], 300);
        assertThat(t.last()[3]).isLessThan(0.5 * t.column(3)[0]);
        assertThat(t.last()[3]).as("a constant step with heterogeneous nodes stops short of the optimum")
                .isGreaterThan(1e-3);
        assertThat(t.last()[2]).isEqualTo(300.0 * 12);
    }
}
