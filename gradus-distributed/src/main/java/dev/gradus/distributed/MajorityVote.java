package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;

/**
 * {@code majority_vote}: signSGD's server rule (Bernstein et al. 2019): {@code sign(sum_i sign(x_i))} per
 * coordinate (0 on a tie). Use with the {@code sign} compressor.
 */
public final class MajorityVote extends Configured<MajorityVote> implements Aggregator {

    /** Spec: {@code majority_vote}. */
    public static final Descriptor<MajorityVote> SPEC = Descriptor.component("majority_vote", "aggregator",
                    MajorityVote::new)
            .summary("the sign of the sum of the messages' signs (signSGD with majority vote)")
            .reference("Bernstein et al. 2019, signSGD with Majority Vote is Communication Efficient and Fault Tolerant")
            .build();

    /** From validated settings. */
    public MajorityVote(Hyperparams hp) {
        super(hp);
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        int d = Vectors.requireRows("majority_vote", messages);
        for (int j = 0; j < d; j++) {
            double votes = 0;
            for (double[] x : messages) {
                votes += Math.signum(x[j]);
            }
            out[j] = Math.signum(votes);
        }
    }
}
