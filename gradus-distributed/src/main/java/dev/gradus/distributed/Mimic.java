package dev.gradus.distributed;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code mimic(f=1, target=0)}: every Byzantine worker sends a copy of honest worker {@code target}'s message
 * (Karimireddy, He and Jaggi 2022, Byzantine-Robust Learning on Heterogeneous Datasets via Bucketing), which
 * over-weights that worker's data under heterogeneity; the paper's heuristic choice of target is not
 * implemented, the target is fixed.
 */
public final class Mimic extends Configured<Mimic> implements Attack {

    /** Spec: {@code mimic(f=1, target=0)}. */
    public static final Descriptor<Mimic> SPEC = Descriptor.component("mimic", "attack", Mimic::new)
            .summary("copy one honest worker's message")
            .reference("Karimireddy, He & Jaggi 2022; ByzFL Mimic")
            .param(Param.integer("f", 1L, "Byzantine workers (the last f)").range(Range.atLeast(1)))
            .param(Param.integer("target", 0L, "the honest worker copied").range(Range.atLeast(0)))
            .build();

    /** From validated settings. */
    public Mimic(Hyperparams hp) {
        super(hp);
    }

    @Override
    public int byzantine() {
        return Math.toIntExact(hp.integer("f"));
    }

    @Override
    public void forge(double[][] honest, double[] own, RandomStream random, double[] out) {
        int target = Math.toIntExact(hp.integer("target"));
        if (target >= honest.length) {
            throw new IllegalArgumentException("mimic: target=" + target + " is not one of the " + honest.length
                    + " honest workers");
        }
        System.arraycopy(honest[target], 0, out, 0, out.length);
    }
}
