package dev.gradus.spark;

import dev.gradus.distributed.Compressor;
import dev.gradus.distributed.Flat;
import dev.gradus.distributed.GradientOracle;
import dev.gradus.distributed.NoCompression;
import dev.gradus.distributed.Worker;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The executor's side of a round: for each worker of a partition, its slice from its shard, then
 * {@link Worker#gradient} or {@link Worker#compute} exactly as the in-process step calls them. A pure function of
 * the request, the payload and the shard (a task attempt decodes a fresh state and stream), so a retried task gives
 * the same result.
 */
final class RoundTask {
    private RoundTask() {}

    /** The results of the partition's workers, in the requests' order. */
    static Iterator<WorkerResult> run(Iterator<WorkerRequest> requests, RoundPayload p,
            IntFunction<WorkerShard> shards) {
        TensorMap params = new TensorMap();
        int at = 0;
        for (int k = 0; k < p.names().length; k++) {
            int size = 1;
            for (int s : p.shapes()[k]) {
                size *= s;
            }
            double[] v = new double[size];
            System.arraycopy(p.params(), at, v, 0, size);
            at += size;
            params.put(p.names()[k], Tensor.of(v, p.shapes()[k]));
        }
        Compressor compressor = p.mode() == RoundPayload.Mode.COMPRESSED
                ? Compressor.COMPRESSORS.parse(p.compressor()) : NoCompression.of();
        List<WorkerResult> out = new ArrayList<>();
        while (requests.hasNext()) {
            WorkerRequest r = requests.next();
            WorkerShard shard = shards.apply(r.worker());
            out.add(compute(r, shard, p, params, compressor));
        }
        return out.iterator();
    }

    private static WorkerResult compute(WorkerRequest r, WorkerShard shard, RoundPayload p, TensorMap params,
            Compressor compressor) {
        int b = r.rows().length;
        int d = shard.features();
        double[] x = new double[b * d];
        double[] y = new double[b];
        for (int k = 0; k < b; k++) {
            int row = r.rows()[k];
            System.arraycopy(shard.x(), row * d, x, k * d, d);
            y[k] = shard.y()[row];
        }
        int[] shape = new int[p.inputShape().length + 1];
        shape[0] = b;
        System.arraycopy(p.inputShape(), 0, shape, 1, p.inputShape().length);
        Tensor xs = Tensor.of(x, shape);
        Tensor ys = Tensor.of(y, b);
        GradientOracle oracle = p.oracles().oracle(r.flipLabels());
        Tensor[] output = new Tensor[1];
        double[] message;
        byte[] state = null;
        Worker.Report report;
        if (p.mode() == RoundPayload.Mode.COMPRESSED) {
            OptState s = compressor.init(params);
            StateCodec.decodeInto(r.state(), s);
            TensorMap m = params.zerosLike();
            report = Worker.compute(oracle, params, xs, ys, compressor, s, p.step(), RandomStream.fromState(r.stream()),
                    m, output);
            message = Flat.flatten(m);
            state = StateCodec.encode(s);
        } else {
            Worker.Gradient g = Worker.gradient(oracle, params, xs, ys, output);
            long bytes = Compressor.denseBytes(g.gradient());
            report = new Worker.Report(g.loss(), g.examples(), bytes, bytes);
            message = Flat.flatten(g.gradient());
        }
        Tensor o = output[0];
        return new WorkerResult(r.worker(), report.loss(), report.examples(), report.bytes(), report.denseBytes(),
                message, state, o == null ? null : o.data().clone(), o == null ? null : o.shape().clone());
    }
}
