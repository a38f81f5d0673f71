package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused paper kernels allocate nothing that grows with the parameters, including AdamP's and SGDP's
 * projection of scale-invariant matrices (channel-wise and layer-wise).
 */
class PaperKernelsAllocationTest {

    @Test
    void aFusedStepAllocatesNoArrays() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<GradientTransformation> opts = List.of(Optimizers.adamp().weightDecay(1e-2),
                Optimizers.sgdp(0.1).momentum(0.9).weightDecay(1e-2), Optimizers.adabelief().amsgrad(true),
                Optimizers.diffgrad().weightDecay(1e-3), Optimizers.signSgd().momentum(0.9),
                Optimizers.radam().weightDecay(1e-2), Optimizers.yogi());
        for (GradientTransformation opt : opts) {
            // 100 rows of 50: the per-row work of the projection must not allocate per row either.
            TensorMap params = new TensorMap().put("conv.weight", TorchReference.randn(RandomStream.of(1), 100, 50))
                    .put("fc.weight", TorchReference.randn(RandomStream.of(2), 50, 100))
                    .put("bias", TorchReference.randn(RandomStream.of(3), 5_000));
            RandomStream rng = RandomStream.of(4);
            TensorMap grads = TorchReference.orthogonalGradients(params, rng); // conv channel-, fc layer-invariant
            OptState s = opt.init(params);
            for (int k = 0; k < 200; k++) {
                opt.step(params, grads, s);
            }
            long tid = Thread.currentThread().threadId();
            long before = bean.getThreadAllocatedBytes(tid);
            for (int k = 0; k < 100; k++) {
                opt.step(params, grads, s);
            }
            long perStep = (bean.getThreadAllocatedBytes(tid) - before) / 100;
            // One array of a parameter would be 40 000 bytes, one per row 100 · 16.
            assertThat(perStep).as("%s: bytes allocated per step", opt).isLessThan(1_000);
        }
    }
}
