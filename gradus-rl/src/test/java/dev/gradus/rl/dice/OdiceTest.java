package dev.gradus.rl.dice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.rl.RlTraining;
import dev.gradus.rl.env.EnvFactory;
import dev.gradus.rl.env.OfflineDataset;
import dev.gradus.rl.env.TabularEnv;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

class OdiceTest {

    @Test
    void theProjectionIsOrthogonalAndLeavesOrthogonalGradientsAlone() {
        RandomStream r = RandomStream.of(3);
        TensorMap gf = new TensorMap().put("a", Tensor.randn(r, 3, 2)).put("b", Tensor.randn(r, 4));
        TensorMap gb = new TensorMap().put("a", Tensor.randn(r, 3, 2)).put("b", Tensor.randn(r, 4));
        TensorMap p = GradientSurgery.projectOntoNormalPlane(gb, gf);
        assertThat(dev.gradus.tensor.Trees.dot(p, gf)).isCloseTo(0.0, within(1e-12));
        TensorMap again = GradientSurgery.projectOntoNormalPlane(p, gf);
        assertThat(again.get("a").data()).containsExactly(p.get("a").data(), within(1e-15));
        TensorMap zero = gf.zerosLike();
        assertThat(GradientSurgery.projectOntoNormalPlane(gb, zero).get("b").data()).isEqualTo(gb.get("b").data());
    }

    @Test
    void fStarIsThePearsonConjugate() {
        for (double y : new double[] {-3, -2, -0.5, 0, 1.5}) {
            double w = Math.max(y / 2 + 1, 0);
            double expect = y * w - (w - 1) * (w - 1);
            assertThat(Odice.fStar(dev.gradus.autodiff.Var.scalar(y)).item()).isCloseTo(expect, within(1e-15));
            if (y >= -2) {
                assertThat(expect).isCloseTo(y * y / 4 + y, within(1e-12));
            }
        }
    }

    @Test
    void everyRuleTrainsOnAChainDatasetAndTheRulesDiffer() {
        TabularEnv env = (TabularEnv) EnvFactory.parse("chain(n=5, slip=0.0, small=0.05, big=1.0, max_steps=20)").create();
        // A behaviour that mostly moves right: the data cover the path to the big reward.
        OfflineDataset data = OfflineDataset.collect(env, "chain", (o, rng, out) -> out[0] = rng.uniform() < 0.7 ? 1 : 0,
                60, 1);
        assertThat(data.size()).isGreaterThan(200);
        assertThat(data.starts().sum()).isEqualTo(60);
        java.util.Map<Odice.Rule, double[]> values = new java.util.EnumMap<>(Odice.Rule.class);
        for (Odice.Rule rule : Odice.Rule.values()) {
            Odice.Config c = new Odice.Config(0.6, 1.0, 0.9, 0.005, 3e-3, 3e-3, 64, new int[] {16, 16});
            Odice o = new Odice(data, rule, c, PolicyFactory.parse("softmax(hidden=())"), env.actionSpace(), 2);
            o.train(150);
            assertThat(o.steps()).isEqualTo(150);
            assertThat(o.negativeCosineFraction()).as(rule.name()).isBetween(0.0, 1.0);
            double[] v = o.values(Tensor.eye(5));
            for (double x : v) {
                assertThat(x).as(rule.name()).isFinite();
            }
            values.put(rule, v);
            double[] returns = RlTraining.evaluate(o.policy(), EnvFactory.parse(
                    "chain(n=5, slip=0.0, small=0.05, big=1.0, max_steps=20)"), 2, 0, true);
            assertThat(returns[0]).isFinite();
        }
        assertThat(values.get(Odice.Rule.ORTHOGONAL)).isNotEqualTo(values.get(Odice.Rule.SEMI_GRADIENT));
        assertThat(values.get(Odice.Rule.TRUE_GRADIENT)).isNotEqualTo(values.get(Odice.Rule.SEMI_GRADIENT));
    }
}
