package dev.gradus.optim.optimizer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused path allocates nothing that grows with the parameters: no scratch arrays per step. */
class FusedKernelsTest {

    @Test
    void aFusedStepAllocatesNoArrays() {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = 20_000;
        TensorMap params = TensorMap.of("w", Tensor.zeros(n));
        TensorMap grads = TensorMap.of("w", Tensor.zeros(n));
        RandomStream r = RandomStream.of(1);
        r.fillNormal(params.get("w").data());
        List<FusedOptimizer<?>> opts = List.of(Optimizers.adam().amsgrad(true), Optimizers.adamw(),
                Optimizers.sgd().momentum(0.9), Optimizers.rmsprop().centered(true).momentum(0.5), Optimizers.adagrad());
        for (FusedOptimizer<?> opt : opts) {
            OptState s = opt.init(params);
            r.fillNormal(grads.get("w").data());
            for (int k = 0; k < 200; k++) {
                opt.step(params, grads, s);
            }
            long tid = Thread.currentThread().threadId();
            long before = bean.getThreadAllocatedBytes(tid);
            for (int k = 0; k < 100; k++) {
                opt.step(params, grads, s);
            }
            long perStep = (bean.getThreadAllocatedBytes(tid) - before) / 100;
            // One array of the parameter would be 160 000 bytes; a name iterator is a few dozen.
            assertThat(perStep).as("%s: bytes allocated per step", opt).isLessThan(1_000);
        }
    }
}
