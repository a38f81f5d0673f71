package dev.gradus.distributed;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code gaussian(f=1, mean=0, std=1)}: each Byzantine worker sends independent {@code N(mean, std^2)} values,
 * drawn from its own stream (ByzFL Gaussian).
 */
public final class GaussianAttack extends Configured<GaussianAttack> implements Attack {

    /** Spec: {@code gaussian(f=1, mean=0, std=1)}. */
    public static final Descriptor<GaussianAttack> SPEC = Descriptor.component("gaussian", "attack", GaussianAttack::new)
            .summary("send Gaussian noise")
            .reference("ByzFL Gaussian attack")
            .param(Param.integer("f", 1L, "Byzantine workers (the last f)").range(Range.atLeast(1)))
            .param(Param.number("mean", 0.0, "mean of the noise"))
            .param(Param.number("std", 1.0, "standard deviation of the noise").range(Range.atLeast(0)))
            .build();

    /** From validated settings. */
    public GaussianAttack(Hyperparams hp) {
        super(hp);
    }

    @Override
    public int byzantine() {
        return Math.toIntExact(hp.integer("f"));
    }

    @Override
    public void forge(double[][] honest, double[] own, RandomStream random, double[] out) {
        double mean = hp.number("mean");
        double std = hp.number("std");
        for (int j = 0; j < out.length; j++) {
            out[j] = random.normal(mean, std);
        }
    }
}
