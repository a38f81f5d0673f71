package dev.gradus.distributed;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code sign_flip(f=1)}: each Byzantine worker sends {@code -mean(honest)} (ByzFL SignFlipping).
 */
public final class SignFlip extends Configured<SignFlip> implements Attack {

    /** Spec: {@code sign_flip(f=1)}. */
    public static final Descriptor<SignFlip> SPEC = Descriptor.component("sign_flip", "attack", SignFlip::new)
            .summary("send minus the honest mean")
            .reference("Allen-Zhu et al. 2020; ByzFL SignFlipping")
            .param(Param.integer("f", 1L, "Byzantine workers (the last f)").range(Range.atLeast(1)))
            .build();

    /** From validated settings. */
    public SignFlip(Hyperparams hp) {
        super(hp);
    }

    @Override
    public int byzantine() {
        return Math.toIntExact(hp.integer("f"));
    }

    @Override
    public void forge(double[][] honest, double[] own, RandomStream random, double[] out) {
        Vectors.mean(honest, out);
        for (int j = 0; j < out.length; j++) {
            out[j] = -out[j];
        }
    }
}
