package dev.gradus.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepContextTest {

    /** f(a, b) = a·a + 3 a·b + 2 b·b over vectors a, b: gradient (2a + 3b, 3a + 4b), Hessian [[2, 3], [3, 4]]. */
    private static final Objective F = (at, grad) -> {
        double[] a = at.get("a").data();
        double[] b = at.get("b").data();
        double v = 0;
        for (int i = 0; i < a.length; i++) {
            v += a[i] * a[i] + 3 * a[i] * b[i] + 2 * b[i] * b[i];
            grad.get("a").data()[i] = 2 * a[i] + 3 * b[i];
            grad.get("b").data()[i] = 3 * a[i] + 4 * b[i];
        }
        return v;
    };

    private static TensorMap point() {
        TensorMap p = new TensorMap();
        p.put("a", Tensor.vector(1, 2));
        p.put("b", Tensor.vector(-1, 0.5));
        return p;
    }

    @Test
    void noneOffersNothingAndSaysHowToFixIt() {
        StepContext none = StepContext.none();
        assertThat(none.capabilities()).isEmpty();
        assertThat(none.loss()).isNaN();
        assertThat(none.worker()).isZero();
        assertThat(none.workers()).isEqualTo(1);
        assertThatThrownBy(() -> none.gradientAt(point(), point())).isInstanceOf(MissingCapabilityException.class)
                .hasMessageContaining("(GRADIENT)");
        assertThatThrownBy(none::random).hasMessageContaining("(RANDOM)");
        assertThatThrownBy(none::perSample).hasMessageContaining("(PER_SAMPLE)");
        assertThatThrownBy(() -> none.hvp(point(), point(), point())).hasMessageContaining("(HVP)");
        assertThatThrownBy(() -> none.lossAt(point())).hasMessageContaining("(LOSS)");
    }

    @Test
    void anObjectiveGivesLossAndGradientAnywhere() {
        StepContext ctx = StepContext.of(F);
        assertThat(ctx.capabilities()).containsExactlyInAnyOrder(Capability.LOSS, Capability.GRADIENT);
        TensorMap g = point().zerosLike();
        double v = ctx.gradientAt(point(), g);
        assertThat(v).isEqualTo(ctx.lossAt(point())).isEqualTo(7.5); // (1 - 3 + 2) + (4 + 3 + 0.5)
        assertThat(g.get("a").data()).containsExactly(-1, 5.5);
    }

    @Test
    void childStreamsAreDistinctPerPathAndReproducible() {
        StepContext ctx = StepContext.builder().random(RandomStream.of(11).fork("step 3")).build();
        assertThat(ctx.random()).isSameAs(ctx.random());
        long a = ctx.child("0").random().nextLong();
        long b = ctx.child("1").random().nextLong();
        long again = StepContext.builder().random(RandomStream.of(11).fork("step 3")).build().child("0").random()
                .nextLong();
        assertThat(a).isNotEqualTo(b).isEqualTo(again);
        assertThat(ctx.child("0").child("inner").random().nextLong())
                .isNotEqualTo(ctx.child("0").random().nextLong());
    }

    @Test
    void aRestrictedContextSeesAnObjectiveOfTheSelectedParametersOnly() {
        TensorMap full = point();
        StepContext ctx = StepContext.of(F).restrict(name -> name.equals("a"), full);
        TensorMap at = TensorMap.of("a", Tensor.vector(0, 0));
        TensorMap g = at.zerosLike();
        double v = ctx.gradientAt(at, g);
        // b stays at (-1, 0.5): f = 2 (1 + 0.25), ∂f/∂a = 3 b
        assertThat(v).isEqualTo(2.5);
        assertThat(g.names()).containsExactly("a");
        assertThat(g.get("a").data()).containsExactly(-3, 1.5);
        assertThat(full.get("a").data()).as("the full point is not changed").containsExactly(1, 2);
    }

    @Test
    void aRestrictedContextPadsHvpsAndPerSampleNorms() {
        TensorMap full = point();
        HessianVectorProduct h = (at, v, out) -> {
            for (int i = 0; i < 2; i++) {
                double va = v.get("a").data()[i];
                double vb = v.get("b").data()[i];
                out.get("a").data()[i] = 2 * va + 3 * vb;
                out.get("b").data()[i] = 3 * va + 4 * vb;
            }
        };
        PerSample ps = new PerSample() {
            @Override
            public int size() {
                return 2;
            }

            @Override
            public Tensor losses() {
                return Tensor.vector(0.5, 2.0);
            }

            @Override
            public TensorMap gradients() {
                TensorMap m = new TensorMap();
                m.put("a", Tensor.of(new double[] {3, 0, 0, 4}, 2, 2));
                m.put("b", Tensor.of(new double[] {0, 0, 1, 0}, 2, 2));
                return m;
            }

            @Override
            public Map<String, double[]> parameterNorms() {
                Map<String, double[]> m = new LinkedHashMap<>();
                m.put("a", new double[] {3, 4});
                m.put("b", new double[] {0, 1});
                return m;
            }

            @Override
            public double[] norms() {
                return new double[] {3, Math.sqrt(17)};
            }

            @Override
            public TensorMap weightedSum(double[] w) {
                TensorMap out = new TensorMap();
                out.put("a", Tensor.vector(3 * w[0], 4 * w[1]));
                out.put("b", Tensor.vector(w[1], 0));
                return out;
            }
        };
        StepContext ctx = StepContext.builder().hvp(h).perSample(() -> ps).build().restrict("b"::equals, full);
        TensorMap out = TensorMap.of("b", Tensor.zeros(2));
        ctx.hvp(TensorMap.of("b", full.get("b")), TensorMap.of("b", Tensor.vector(1, 0)), out);
        assertThat(out.get("b").data()).containsExactly(4, 0);
        assertThat(ctx.perSample().gradients().names()).containsExactly("b");
        assertThat(ctx.perSample().norms()).containsExactly(0, 1);
        assertThat(ctx.perSample().losses().data()).as("a restriction keeps every example's loss").containsExactly(0.5, 2.0);
        TensorMap sum = ctx.perSample().weightedSum(new double[] {1, 2});
        assertThat(sum.names()).containsExactly("b");
        assertThat(sum.get("b").data()).containsExactly(2, 0);
    }

    @Test
    void perSampleGradientsAreComputedOncePerStep() {
        int[] calls = new int[1];
        StepContext ctx = StepContext.builder().perSample(() -> {
            calls[0]++;
            return null;
        }).build();
        ctx.perSample();
        ctx.child("0").perSample();
        assertThat(calls[0]).isEqualTo(1);
    }

    @Test
    void theWorkerIsValidated() {
        assertThat(StepContext.builder().worker(2, 4).build().child("x").worker()).isEqualTo(2);
        assertThatThrownBy(() -> StepContext.builder().worker(4, 4)).hasMessageContaining("worker 4 of 4");
    }
}
