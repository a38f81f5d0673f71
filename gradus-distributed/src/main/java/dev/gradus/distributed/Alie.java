package dev.gradus.distributed;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;

/**
 * {@code alie(f=1, z=1.5)}: A Little Is Enough (Baruch et al. 2019): each Byzantine worker sends
 * {@code mu_j - z sigma_j}, with {@code mu} and {@code sigma} the coordinate-wise mean and (unbiased) standard
 * deviation of the honest messages. The reference codes line-search or derive {@code z}; the default here is the
 * fixed {@code z = 1.5} of the method digest's check.
 */
public final class Alie extends Configured<Alie> implements Attack {

    /** Spec: {@code alie(f=1, z=1.5)}. */
    public static final Descriptor<Alie> SPEC = Descriptor.component("alie", "attack", Alie::new)
            .summary("send the honest mean minus z coordinate-wise standard deviations")
            .reference("Baruch, Baruch & Goldberg 2019, A Little Is Enough: Circumventing Defenses For Distributed Learning")
            .param(Param.integer("f", 1L, "Byzantine workers (the last f)").range(Range.atLeast(1)))
            .param(Param.number("z", 1.5, "standard deviations subtracted"))
            .build();

    /** From validated settings. */
    public Alie(Hyperparams hp) {
        super(hp);
    }

    @Override
    public int byzantine() {
        return Math.toIntExact(hp.integer("f"));
    }

    @Override
    public void forge(double[][] honest, double[] own, RandomStream random, double[] out) {
        Vectors.mean(honest, out);
        double z = hp.number("z");
        int h = honest.length;
        for (int j = 0; j < out.length; j++) {
            double ss = 0;
            for (double[] x : honest) {
                double dv = x[j] - out[j];
                ss += dv * dv;
            }
            double sigma = h > 1 ? Math.sqrt(ss / (h - 1)) : 0.0;
            out[j] -= z * sigma;
        }
    }
}
