package dev.gradus.distributed;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code label_flip(f=1)}: data poisoning: each Byzantine worker computes its gradient honestly against the
 * labels {@code C - 1 - y} and sends it (ByzFL LabelFlipping).
 */
public final class LabelFlip extends Configured<LabelFlip> implements Attack {

    /** Spec: {@code label_flip(f=1)}. */
    public static final Descriptor<LabelFlip> SPEC = Descriptor.component("label_flip", "attack", LabelFlip::new)
            .summary("Byzantine workers train honestly on flipped labels")
            .reference("ByzFL LabelFlipping; Allen-Zhu et al. 2020")
            .param(Param.integer("f", 1L, "Byzantine workers (the last f)").range(Range.atLeast(1)))
            .build();

    /** From validated settings. */
    public LabelFlip(Hyperparams hp) {
        super(hp);
    }

    @Override
    public int byzantine() {
        return Math.toIntExact(hp.integer("f"));
    }

    @Override
    public boolean flipsLabels() {
        return true;
    }

    @Override
    public void forge(double[][] honest, double[] own, RandomStream random, double[] out) {
        System.arraycopy(own, 0, out, 0, out.length);
    }
}
