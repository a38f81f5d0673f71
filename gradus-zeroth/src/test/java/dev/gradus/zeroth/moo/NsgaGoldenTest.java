package dev.gradus.zeroth.moo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.IndexSort;
import dev.gradus.zeroth.Evaluator;
import dev.gradus.zeroth.Search;
import dev.gradus.zeroth.problem.MultiObjectiveProblem;
import dev.gradus.zeroth.problem.Problems;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The golden example of 04-derivative-free §5, the hypervolume against closed forms, and NSGA-II on ZDT1. */
class NsgaGoldenTest {

    // A(1,5), B(2,3), C(3,1), D(2,4), E(4,2), F(5,5), G(3,3)
    private static final Tensor POINTS = Tensor.of(new double[] {1, 5, 2, 3, 3, 1, 2, 4, 4, 2, 5, 5, 3, 3}, 7, 2);

    @Test
    void frontsAndCrowdingMatchTheDigest() {
        List<int[]> fronts = NonDominatedSort.fronts(POINTS);
        assertThat(fronts).hasSize(3);
        assertThat(fronts.get(0)).containsExactly(0, 1, 2);
        assertThat(fronts.get(1)).containsExactly(3, 4, 6);
        assertThat(fronts.get(2)).containsExactly(5);
        double[] crowd = new double[7];
        for (int[] f : fronts) {
            CrowdingDistance.assign(POINTS.data(), 2, f, crowd);
        }
        assertThat(crowd).containsExactly(Double.POSITIVE_INFINITY, 2.0, Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 2.0);
    }

    @Test
    void identicalVectorsShareAFrontWithZeroCrowdingBetweenThem() {
        Tensor p = Tensor.of(new double[] {1, 3, 2, 2, 2, 2, 2, 2, 3, 1}, 5, 2);
        List<int[]> fronts = NonDominatedSort.fronts(p);
        assertThat(fronts).hasSize(1);
        double[] crowd = new double[5];
        CrowdingDistance.assign(p.data(), 2, fronts.get(0), crowd);
        assertThat(crowd[2]).isZero();
    }

    @Test
    void hypervolumeMatchesClosedForms() {
        // Front {A, B, C} with reference (6, 6): 5·1 + 4·2 ... by strips: (6−1)(6−5) + (6−2)(5−3) + (6−3)(3−1) = 5+8+6.
        Tensor front = Tensor.of(new double[] {1, 5, 2, 3, 3, 1}, 3, 2);
        assertThat(Hypervolume.of(front, new double[] {6, 6})).isEqualTo(19.0);
        assertThat(Hypervolume.of(POINTS, new double[] {6, 6})).isEqualTo(19.0);
        // A single point in three objectives is a box; two nested boxes are the larger one.
        Tensor boxes = Tensor.of(new double[] {0.5, 0.5, 0.5, 0.2, 0.6, 0.7}, 2, 3);
        assertThat(Hypervolume.of(boxes, new double[] {1, 1, 1}))
                .isCloseTo(0.125 + 0.8 * 0.4 * 0.3 - 0.5 * 0.4 * 0.3, within(1e-15));
        // ZDT1's front f2 = 1 − √f1: the dominated area within (1.1, 1.1) is 1.1·1.1 − ∫₀¹(1 − √x)dx − 0.1·1.1... in
        // closed form 1.21 − 1/3 = 0.876666...; a fine sample approaches it from below.
        MultiObjectiveProblem zdt1 = (MultiObjectiveProblem) Problems.parse("zdt1");
        double hv = Hypervolume.of(zdt1.front(20001), zdt1.referencePoint());
        assertThat(hv).isLessThan(1.21 - 1.0 / 3).isCloseTo(1.21 - 1.0 / 3, within(1e-4));
    }

    @Test
    void selectingFiveOfSevenKeepsTheFirstFrontThenDAndE() {
        // The environmental selection on the digest's points: A, B, C, then D and E by crowding (G dropped).
        List<int[]> fronts = NonDominatedSort.fronts(POINTS);
        double[] crowd = new double[7];
        CrowdingDistance.assign(POINTS.data(), 2, fronts.get(1), crowd);
        int[] second = fronts.get(1).clone();
        IndexSort.sort(second, second.length, crowd, 1, 0, true);
        assertThat(new int[] {second[0], second[1]}).containsExactly(3, 4);
    }

    @Test
    void nsga2ApproachesTheZdt1Front() {
        MultiObjectiveProblem zdt1 = (MultiObjectiveProblem) Problems.parse("zdt1(n=30)");
        Nsga2 nsga = Nsga2.defaults();
        Search<Nsga2.State> search = new Search<>(nsga, zdt1, Evaluator.sequential());
        Nsga2.State s = search.run(search.start(1), 20_000, null);
        double hv = Hypervolume.of(nsga.front(s), zdt1.referencePoint());
        double best = Hypervolume.of(zdt1.front(2001), zdt1.referencePoint());
        assertThat(s.progress().evaluations().get()).isEqualTo(20_000);
        assertThat(hv).as("hypervolume after 200 generations (the front's own: %s)", best).isGreaterThan(0.95 * best);
    }
}
