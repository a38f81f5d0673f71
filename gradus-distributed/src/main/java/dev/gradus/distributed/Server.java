package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * The server's part of a round, shared by every engine: given the workers' messages in worker order, the
 * Byzantine workers' messages are forged by the {@link Attack} (omniscient: from the honest messages), then the
 * {@link Aggregator} combines all of them into the update. A pure function of its inputs (and the aggregator's
 * state, which advances), so the in-process engine and a Spark driver give the same bits from the same messages.
 */
public final class Server {
    private Server() {}

    /**
     * The round's update from {@code messages} (worker order; not modified), into {@code update} (shaped like a
     * message). {@code attack} may be null; its Byzantine workers are the last {@code f}, and worker {@code i}'s
     * forging stream is {@code attackStream.apply(i)}. The plain mean without an attack sums the trees directly, in
     * worker order, which gives the same bits as the flat path without copying every message twice.
     */
    public static void combine(TensorMap[] messages, Attack attack, Aggregator aggregator, OptState aggregatorState,
            IntFunction<RandomStream> attackStream, TensorMap update) {
        int n = messages.length;
        int byz = attack == null ? 0 : attack.byzantine();
        if (byz == 0 && aggregator instanceof MeanAggregator) {
            double inv = 1.0 / n;
            update.forEach((name, u) -> {
                double[] out = u.data();
                Arrays.fill(out, 0.0);
                for (TensorMap m : messages) {
                    double[] src = m.get(name).data();
                    for (int j = 0; j < out.length; j++) {
                        out[j] += src[j];
                    }
                }
                for (int j = 0; j < out.length; j++) {
                    out[j] *= inv;
                }
                u.markModified();
            });
            return;
        }
        int d = Math.toIntExact(update.numel());
        double[][] flat = new double[n][];
        for (int i = 0; i < n; i++) {
            flat[i] = Flat.flatten(messages[i], new double[d]);
        }
        if (byz > 0 && !attack.flipsLabels()) {
            double[][] honest = Arrays.copyOf(flat, n - byz);
            for (int i = n - byz; i < n; i++) {
                double[] forged = new double[d];
                attack.forge(honest, flat[i], attackStream.apply(i), forged);
                flat[i] = forged;
            }
        }
        double[] combined = new double[d];
        aggregator.aggregate(flat, aggregatorState, combined);
        Flat.unflatten(combined, update);
    }
}
