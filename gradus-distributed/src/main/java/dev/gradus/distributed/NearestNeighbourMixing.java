package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;

/**
 * {@code nnm(f=1, of=mean)}: nearest-neighbour mixing (Allouah et al. 2023, Fixing by Mixing), the server form of
 * MoNNA's nearest-neighbour averaging: every message is replaced by the mean of the {@code n - f} messages closest
 * to it in L2 (itself included; a stable order, ties by lower index), then the inner aggregator {@code of}
 * combines the mixed messages.
 */
public final class NearestNeighbourMixing extends Configured<NearestNeighbourMixing> implements Aggregator {

    /** Spec: {@code nnm(f=1, of=mean)}. */
    public static final Descriptor<NearestNeighbourMixing> SPEC = Descriptor.component("nnm", "aggregator",
                    NearestNeighbourMixing::new)
            .summary("replace each message by the mean of its n-f nearest, then aggregate with 'of'")
            .reference("Allouah et al. 2023, Fixing by Mixing; Farhadkhani et al. 2023 (MoNNA's NNA)")
            .param(Param.integer("f", 1L, "Byzantine workers tolerated").range(Range.atLeast(0)))
            .param(Param.component("of", "aggregator", "mean", "the aggregator applied after mixing"))
            .build();

    /** From validated settings. */
    public NearestNeighbourMixing(Hyperparams hp) {
        super(hp);
    }

    private Aggregator inner() {
        return (Aggregator) hp.get("of");
    }

    @Override
    public OptState init(int dimension) {
        return inner().init(dimension);
    }

    @Override
    public void aggregate(double[][] messages, OptState state, double[] out) {
        int d = Vectors.requireRows("nnm", messages);
        int n = messages.length;
        int f = Math.toIntExact(hp.integer("f"));
        if (f >= n) {
            throw new IllegalArgumentException("nnm: f=" + f + " must be below the " + n + " messages");
        }
        double[][] mixed = new double[n][d];
        double[] dist = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dist[j] = Vectors.squaredDistance(messages[i], messages[j]);
            }
            Vectors.meanOf(messages, Vectors.argsort(dist), n - f, mixed[i]);
        }
        inner().aggregate(mixed, state, out);
    }
}
