package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;

/** Checks that an optimizer's fused {@code step} equals {@code update} then {@code apply}, bit for bit. */
final class FusedCheck {

    private FusedCheck() {}

    static void assertFusedEqualsUpdateThenApply(GradientTransformation opt, long seed, int steps) {
        TensorMap a = TorchReference.scaleInvariantProblem(seed);
        TensorMap b = a.copy();
        OptState sa = opt.init(a);
        OptState sb = opt.init(b);
        RandomStream rng = RandomStream.of(seed + 1);
        for (int step = 0; step < steps; step++) {
            TensorMap g = TorchReference.orthogonalGradients(a, rng);
            opt.step(a, g.copy(), sa);
            opt.update(g, sb, b);
            GradientTransformation.apply(b, g);
        }
        for (String name : a.names()) {
            assertThat(a.get(name).data()).as(name).isEqualTo(b.get(name).data());
        }
    }
}
