package dev.gradus.nn.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphConvolutionTest {
    private final RandomStream rng = RandomStream.of(19);

    /** A symmetric random adjacency {@code [b, n, n]} with entries in [lo, hi] and any diagonal. */
    static Tensor symmetric(RandomStream rng, int b, int n, double lo, double hi) {
        double[] a = new double[b * n * n];
        for (int g = 0; g < b; g++) {
            for (int i = 0; i < n; i++) {
                for (int j = i; j < n; j++) {
                    double v = rng.uniform(lo, hi);
                    a[(g * n + i) * n + j] = v;
                    a[(g * n + j) * n + i] = v;
                }
            }
        }
        return Tensor.of(a, b, n, n);
    }

    @Test
    void normalizationMatchesTheDenseGcnFormulaOnAPath() {
        // path 0-1-2: Ã = A + I, degrees 2, 3, 2
        Tensor a = Tensor.of(new double[] {0, 1, 0, 1, 0, 1, 0, 1, 0}, 3, 3);
        double[] h = GraphConvolution.normalize(Var.constant(a)).value().data();
        assertThat(h[0]).isCloseTo(1.0 / 2, within(1e-12));
        assertThat(h[1]).isCloseTo(1.0 / Math.sqrt(6), within(1e-12));
        assertThat(h[2]).isCloseTo(0.0, within(1e-12));
        assertThat(h[4]).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(h[5]).isCloseTo(1.0 / Math.sqrt(6), within(1e-12));
    }

    @Test
    void negativeRowSumsAreClampedAtOne() {
        Tensor a = Tensor.of(new double[] {0, -2, -2, 0}, 2, 2);
        double[] h = GraphConvolution.normalize(Var.constant(a)).value().data();
        // Ã = [[1, -2], [-2, 1]], row sums -1 -> clamped to 1, so Â = Ã
        assertThat(h).containsExactly(new double[] {1, -2, -2, 1}, within(1e-12));
    }

    @Test
    void gradientCheckInFeaturesAdjacencyAndParameters() {
        GraphConvolution gcn = new GraphConvolution(3, 4, rng);
        Tensor x = Tensor.randn(rng, 2, 5, 3);
        Tensor adj = symmetric(rng, 2, 5, 0.2, 1.0);
        List<String> names = List.copyOf(gcn.namedParameters().names());
        // call() binds the parameters; the two inputs go through the packed form
        var g = (java.util.function.Function<List<Var>, Var>) vs -> gcn.call(
                Map.of(names.get(0), vs.get(2), names.get(1), vs.get(3)),
                Var.concat(List.of(vs.get(0), vs.get(1)), 2));
        GradCheck.check(g, List.of(x, adj, gcn.namedParameters().get(names.get(0)),
                gcn.namedParameters().get(names.get(1))), GradCheck.DEFAULT_EPS, false).requireBelow(1e-6);
        GradCheck.check(g, List.of(x, adj, gcn.namedParameters().get(names.get(0)),
                gcn.namedParameters().get(names.get(1))), GradCheck.DEFAULT_EPS, true).requireBelow(1e-6);
    }

    @Test
    void theGradientCheckSeesTheAdjacency() {
        // a noisy adjacency with rows summing below 1 exercises the clamp's flat side; the check must still pass
        GraphConvolution gcn = new GraphConvolution(2, 2, rng);
        Tensor x = Tensor.randn(rng, 1, 4, 2);
        Tensor adj = symmetric(rng, 1, 4, -0.6, 0.3);
        GradCheck.check(vs -> gcn.forward(vs.get(0), vs.get(1)), List.of(x, adj)).requireBelow(1e-6);
    }

    @Test
    void packedAndTwoInputFormsAgree() {
        GraphConvolution gcn = new GraphConvolution(3, 2, rng);
        Tensor x = Tensor.randn(rng, 2, 4, 3);
        Tensor adj = symmetric(rng, 2, 4, 0, 1);
        double[] a = gcn.forward(Var.constant(x), Var.constant(adj)).value().data();
        double[] b = gcn.forward(Var.concat(List.of(Var.constant(x), Var.constant(adj)), 2)).value().data();
        assertThat(b).containsExactly(a, within(0.0));
    }

    @Test
    void badShapesAreNamed() {
        GraphConvolution gcn = new GraphConvolution(3, 2, rng);
        assertThatThrownBy(() -> gcn.forward(Var.constant(Tensor.zeros(1, 4, 2)), Var.constant(Tensor.zeros(1, 4, 4))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features must be");
        assertThatThrownBy(() -> GraphConvolution.normalize(Var.constant(Tensor.zeros(2, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[..., N, N]");
        assertThatThrownBy(() -> new GraphConvolution(0, 2, rng)).isInstanceOf(IllegalArgumentException.class);
    }
}
