package dev.gradus.nn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ScoreNetworkTest {
    private final RandomStream rng = RandomStream.of(2022);

    /** Two community graphs padded to 8 nodes, with noisy features and adjacency and times 0.3 and 0.8. */
    private GraphBatch noisyBatch() {
        List<DenseGraph> graphs = List.of(CommunityGraphs.twoCommunities(3, 0.7, 0.05, rng),
                CommunityGraphs.twoCommunities(4, 0.7, 0.05, rng));
        GraphBatch clean = GraphBatch.ofGraphs(graphs, 8, 4);
        Tensor x = clean.features().add(Tensor.randn(rng, 2, 8, 4).mul(0.3)).mul(clean.featureMask());
        Tensor a = clean.adjacency().add(GraphConvolutionTest.symmetric(rng, 2, 8, -0.3, 0.3)).mul(clean.pairMask());
        return clean.with(x, a, new double[] {0.3, 0.8});
    }

    /** Checks the gradient with respect to every parameter at a fixed (constant) packed input. */
    private static void checkParameters(Module m, Tensor packed) {
        List<String> names = new ArrayList<>(m.namedParameters().names());
        Function<List<Var>, Var> f = vs -> {
            Map<String, Var> bind = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                bind.put(names.get(i), vs.get(i));
            }
            return m.call(bind, Var.constant(packed));
        };
        GradCheck.check(f, m.namedParameters().tensors(), GradCheck.DEFAULT_EPS, false).requireBelow(1e-6);
    }

    @Test
    void nodeNetworkGradientCheck() {
        checkParameters(new NodeScoreNetwork(4, 5, 2, rng), noisyBatch().pack());
    }

    @Test
    void adjacencyNetworkGradientCheck() {
        checkParameters(new AdjacencyScoreNetwork(4, 5, 2, 2, 3, 4, rng), noisyBatch().pack());
    }

    @Test
    void adjacencyOutputIsSymmetricAndZeroOnTheDiagonalAndOnPadding() {
        GraphBatch b = noisyBatch();
        double[] e = new AdjacencyScoreNetwork(4, 5, 2, 2, 3, 4, rng).forward(Var.constant(b.pack())).value().data();
        double[] pm = b.pairMask().data();
        int n = 8;
        boolean anyNonZero = false;
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int k = (g * n + i) * n + j;
                    assertThat(e[k]).isCloseTo(e[(g * n + j) * n + i], within(1e-12));
                    if (pm[k] == 0) {
                        assertThat(e[k]).isZero();
                    } else {
                        anyNonZero |= e[k] != 0;
                    }
                }
            }
        }
        assertThat(anyNonZero).isTrue();
    }

    @Test
    void bothNetworksArePermutationEquivariant() {
        GraphBatch b = noisyBatch();
        NodeScoreNetwork nx = new NodeScoreNetwork(4, 5, 2, rng);
        AdjacencyScoreNetwork na = new AdjacencyScoreNetwork(4, 5, 2, 2, 3, 4, rng);
        int[] perm = {5, 2, 7, 0, 1, 6, 3, 4};
        GraphBatch p = permute(b, perm);
        double[] x0 = nx.forward(Var.constant(b.pack())).value().data();
        double[] x1 = nx.forward(Var.constant(p.pack())).value().data();
        double[] a0 = na.forward(Var.constant(b.pack())).value().data();
        double[] a1 = na.forward(Var.constant(p.pack())).value().data();
        int n = 8, f = 4;
        for (int g = 0; g < 2; g++) {
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < f; c++) {
                    assertThat(x1[(g * n + i) * f + c]).isCloseTo(x0[(g * n + perm[i]) * f + c], within(1e-10));
                }
                for (int j = 0; j < n; j++) {
                    assertThat(a1[(g * n + i) * n + j]).isCloseTo(a0[(g * n + perm[i]) * n + perm[j]], within(1e-10));
                }
            }
        }
    }

    /** Node {@code i} of the result is node {@code perm[i]} of {@code b}. */
    private static GraphBatch permute(GraphBatch b, int[] perm) {
        int bs = b.size(), n = b.nodes(), f = b.featureCount();
        double[] x = b.features().data(), a = b.adjacency().data(), m = b.mask().data();
        double[] px = new double[x.length], pa = new double[a.length], pm = new double[m.length];
        for (int g = 0; g < bs; g++) {
            for (int i = 0; i < n; i++) {
                pm[g * n + i] = m[g * n + perm[i]];
                System.arraycopy(x, (g * n + perm[i]) * f, px, (g * n + i) * f, f);
                for (int j = 0; j < n; j++) {
                    pa[(g * n + i) * n + j] = a[(g * n + perm[i]) * n + perm[j]];
                }
            }
        }
        return new GraphBatch(Tensor.of(px, bs, n, f), Tensor.of(pa, bs, n, n), b.times(), Tensor.of(pm, bs, n));
    }

    @Test
    void aPackedInputOfTheWrongWidthIsNamed() {
        NodeScoreNetwork nx = new NodeScoreNetwork(4, 5, 2, rng);
        assertThatThrownBy(() -> nx.forward(Var.constant(Tensor.zeros(2, 8, 10))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("F + N + 2");
    }
}
