package dev.gradus.spark;

import dev.gradus.distributed.MeanAggregator;
import dev.gradus.distributed.Server;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * The mean of the workers' messages, bit-identical to {@link Server#combine} in worker order, without collecting
 * every message on the driver: a reduce-scatter by coordinate block. Each message is cut into {@code blocks}
 * contiguous blocks keyed by block number; the block's reducer receives every worker's piece, puts them in worker
 * order and runs {@link Server#combine} (sum in worker order, then times {@code 1/n}) on that block; the driver
 * concatenates the blocks. Coordinate {@code j}'s sum is {@code ((m_0[j] + m_1[j]) + m_2[j]) + ...} whichever task
 * finishes first, which a tree of partial sums ({@code treeAggregate}, merged in completion order) cannot promise.
 *
 * <p>The driver holds the result ({@code d} values) and never more than one block of any message; the shuffle
 * moves {@code n d} values, like an all-reduce's reduce-scatter half.
 */
final class OrderedMean {
    private OrderedMean() {}

    /** The start of block {@code b} of {@code blocks} over {@code d} coordinates. */
    static int start(int b, int blocks, int d) {
        return (int) ((long) b * d / blocks);
    }

    /** The mean of the messages of {@code workers} workers in {@code results}, over {@code d} coordinates. */
    static double[] mean(JavaRDD<WorkerResult> results, int workers, int d, int blocks) {
        JavaPairRDD<Integer, Tuple2<Integer, double[]>> pieces = results.flatMapToPair(r -> {
            List<Tuple2<Integer, Tuple2<Integer, double[]>>> out = new ArrayList<>(blocks);
            for (int b = 0; b < blocks; b++) {
                int lo = start(b, blocks, d);
                int hi = start(b + 1, blocks, d);
                double[] piece = new double[hi - lo];
                System.arraycopy(r.message(), lo, piece, 0, hi - lo);
                out.add(new Tuple2<>(b, new Tuple2<>(r.worker(), piece)));
            }
            return out.iterator();
        });
        List<Tuple2<Integer, double[]>> reduced = pieces.groupByKey(new HashPartitioner(blocks))
                .mapValues(ps -> combine(ps, workers)).collect();
        double[] mean = new double[d];
        boolean[] seen = new boolean[blocks];
        for (Tuple2<Integer, double[]> t : reduced) {
            int b = t._1();
            seen[b] = true;
            System.arraycopy(t._2(), 0, mean, start(b, blocks, d), t._2().length);
        }
        for (int b = 0; b < blocks; b++) {
            if (!seen[b]) {
                throw new IllegalStateException("gradus-spark: block " + b + " of the mean is missing");
            }
        }
        return mean;
    }

    /** One block's pieces, put in worker order and combined by {@link Server#combine}'s mean. */
    static double[] combine(Iterable<Tuple2<Integer, double[]>> pieces, int workers) {
        TensorMap[] messages = new TensorMap[workers];
        int len = -1;
        for (Tuple2<Integer, double[]> p : pieces) {
            if (messages[p._1()] != null) {
                throw new IllegalStateException("gradus-spark: worker " + p._1() + " sent a block twice");
            }
            messages[p._1()] = TensorMap.of("block", Tensor.of(p._2(), p._2().length));
            len = p._2().length;
        }
        for (int i = 0; i < workers; i++) {
            if (messages[i] == null) {
                throw new IllegalStateException("gradus-spark: worker " + i + "'s block is missing");
            }
        }
        TensorMap update = TensorMap.of("block", Tensor.zeros(len));
        MeanAggregator mean = MeanAggregator.of();
        Server.combine(messages, null, mean, mean.init(len), null, update);
        return update.get("block").data();
    }
}
