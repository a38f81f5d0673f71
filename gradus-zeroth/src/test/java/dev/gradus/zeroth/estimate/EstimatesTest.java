package dev.gradus.zeroth.estimate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.optim.Capability;
import dev.gradus.optim.LossFunction;
import dev.gradus.optim.MissingCapabilityException;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingHistory;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

/** The estimates' weights, their agreement with the true gradient, oracles, and training through the Trainer. */
class EstimatesTest {

    /** f(x) = ½ Σ a_i x_i², a_i = 1 + i, with gradient a ⊙ x. */
    private static final LossFunction QUADRATIC = at -> {
        double[] x = at.get("x").data();
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += 0.5 * (1 + i) * x[i] * x[i];
        }
        return s;
    };

    private static TensorMap point() {
        return TensorMap.of("x", Tensor.vector(1.0, -0.5, 0.25, 2.0, -1.0));
    }

    private static double[] estimate(dev.gradus.optim.GradientTransformation t, long seed) {
        TensorMap x = point();
        TensorMap g = x.zerosLike();
        OptState s = t.init(x);
        t.update(g, s, x, StepContext.builder().lossFunction(QUADRATIC).random(RandomStream.of(seed)).build());
        return g.get("x").data();
    }

    private static double cosineWithTrueGradient(double[] g) {
        double[] x = point().get("x").data();
        double dot = 0;
        double ng = 0;
        double nt = 0;
        for (int i = 0; i < x.length; i++) {
            double t = (1 + i) * x[i];
            dot += g[i] * t;
            ng += g[i] * g[i];
            nt += t * t;
        }
        return dot / Math.sqrt(ng * nt);
    }

    @Test
    void rankWeightsCountPairsAndSumToZero() {
        ZoRankGradient full = ZoRankGradient.create().with("m", 5L);
        assertThat(full.pairs()).isEqualTo(10.0);
        assertThat(new double[] {full.weight(0), full.weight(1), full.weight(2), full.weight(3), full.weight(4)})
                .containsExactly(4, 2, 0, -2, -4);
        ZoRankGradient top2 = ZoRankGradient.create().with("m", 5L).with("k", 2L);
        // P = 1 + 2·3 = 7; ranked 4 − 2r: 4, 2; unranked −2 each: 4 + 2 − 3·2 = 0.
        assertThat(top2.pairs()).isEqualTo(7.0);
        assertThat(top2.weight(0) + top2.weight(1) + 3 * top2.weight(2)).isZero();
        ZoRankGradient parity = top2.with("code_parity", true);
        assertThat(parity.weight(0)).isEqualTo(5.0);
        assertThat(parity.weight(1)).isEqualTo(3.0);
        assertThatThrownBy(() -> ZoRankGradient.create().with("m", 3L).with("k", 4L))
                .hasMessageContaining("k = 4 cannot exceed m = 3");
    }

    @Test
    void manyDirectionsPointAlongTheTrueGradient() {
        assertThat(cosineWithTrueGradient(estimate(ZoGradient.create().with("q", 4000L), 1))).isGreaterThan(0.98);
        assertThat(cosineWithTrueGradient(estimate(ZoGradient.create().with("q", 4000L).with("scheme", "central")
                .with("directions", "sphere"), 2))).isGreaterThan(0.98);
        assertThat(cosineWithTrueGradient(estimate(ZoRankGradient.create().with("m", 2000L), 3))).isGreaterThan(0.95);
        assertThat(cosineWithTrueGradient(estimate(EsGradient.create().with("pairs", 2000L), 4))).isGreaterThan(0.95);
        // The value-based estimate is unbiased for a quadratic: its scale matches the gradient's.
        double[] g = estimate(ZoGradient.create().with("q", 20000L).with("scheme", "central"), 5);
        assertThat(g[3]).isCloseTo(4 * 2.0, within(0.4));
    }

    @Test
    void aRankingOracleReplacesTheLoss() {
        ZoRankGradient byValues = ZoRankGradient.create();
        ZoRankGradient byOracle = ZoRankGradient.create().withOracle(RankingOracle.byLoss(QUADRATIC));
        assertThat(byOracle.requirements()).extracting(Requirement::capability).containsExactly(Capability.RANDOM);
        TensorMap x = point();
        TensorMap g = x.zerosLike();
        byOracle.update(g, byOracle.init(x), x, StepContext.builder().random(RandomStream.of(9)).build());
        assertThat(g.get("x").data()).isEqualTo(estimate(byValues, 9));
        ZoRankGradient liar = ZoRankGradient.create().withOracle((c, k) -> new int[] {0, 0});
        assertThatThrownBy(() -> liar.update(x.zerosLike(), liar.init(x), x,
                StepContext.builder().random(RandomStream.of(1)).build()))
                .hasMessageContaining("expected the 10 best");
    }

    @Test
    void theEstimatesAreSpecsThatNeedTheLossAndARandomStream() {
        var t = Specs.transformation("chain(zo_rank_gradient(m=10), adam(lr=0.01))");
        assertThat(Specs.print(t)).startsWith("chain(zo_rank_gradient(m=10, k=0, mu=0.01, code_parity=false), adam(");
        assertThatThrownBy(() -> Requirement.check(t, EnumSet.of(Capability.GRADIENT), "a gradient loop"))
                .isInstanceOf(MissingCapabilityException.class)
                .hasMessageContaining("zo_rank_gradient needs the loss at any point (LOSS)")
                .hasMessageContaining("zo_rank_gradient needs a seeded random stream for the step (RANDOM)");
    }

    @Test
    void trainsALogisticModelThroughTheLossOnlyStep() throws Exception {
        for (String spec : new String[] {"chain(zo_rank_gradient(m=10), adam(lr=0.05))",
                "chain(zo_gradient(q=10), sgd(lr=0.05))", "chain(es_gradient(pairs=10, sigma=0.05), adam(lr=0.05))"}) {
            Module model = ModelSpec.parse("logistic").build(new int[] {4}, 3, RandomStream.of(2));
            dev.gradus.data.Dataset iris = dev.gradus.data.Datasets.load("iris");
            Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer(spec)
                    .data(iris, null).epochs(4).batchSize(50).seed(1).step(TrainStep.lossOnly()).build();
            TrainingHistory h = t.fit();
            assertThat(h.last().trainLoss()).as(spec).isLessThan(0.8 * h.epochs().get(0).trainLoss());
        }
    }
}
