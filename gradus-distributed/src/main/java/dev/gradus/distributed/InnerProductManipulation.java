package dev.gradus.distributed;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code ipm(f=1, eps=0.1)}: inner-product manipulation (Xie, Koyejo and Gupta 2020): each Byzantine worker sends
 * {@code -eps mean(honest)}, so that a small {@code eps} makes the aggregate's inner product with the true
 * gradient negative; a large {@code eps} is the "fall of empires" (FOE) attack of the MoNNA code.
 */
public final class InnerProductManipulation extends Configured<InnerProductManipulation> implements Attack {

    /** Spec: {@code ipm(f=1, eps=0.1)}. */
    public static final Descriptor<InnerProductManipulation> SPEC = Descriptor.component("ipm", "attack", InnerProductManipulation::new)
            .summary("send -eps times the honest mean")
            .reference("Xie, Koyejo & Gupta 2020, Fall of Empires: Breaking Byzantine-tolerant SGD by Inner Product Manipulation")
            .param(Param.integer("f", 1L, "Byzantine workers (the last f)").range(Range.atLeast(1)))
            .param(Param.number("eps", 0.1, "scale of the negated honest mean").range(Range.atLeast(0)))
            .build();

    /** From validated settings. */
    public InnerProductManipulation(Hyperparams hp) {
        super(hp);
    }

    @Override
    public int byzantine() {
        return Math.toIntExact(hp.integer("f"));
    }

    @Override
    public void forge(double[][] honest, double[] own, RandomStream random, double[] out) {
        Vectors.mean(honest, out);
        double eps = hp.number("eps");
        for (int j = 0; j < out.length; j++) {
            out[j] = -eps * out[j];
        }
    }
}
