package dev.gradus.spark;

import dev.gradus.data.Dataset;
import java.io.Serializable;

/**
 * Worker {@code worker}'s shard of the training set, held by a Spark partition: the examples {@code j} with
 * {@code j mod workers == worker}, row {@code k} being example {@code worker + k * workers}, so a round finds its
 * rows by global index without a lookup.
 *
 * @param worker the worker
 * @param features the number of features per row
 * @param x the rows, row-major ({@code rows * features})
 * @param y the labels (class ids as doubles, or targets), one per row
 */
record WorkerShard(int worker, int features, double[] x, double[] y) implements Serializable {

    /** Worker {@code worker} of {@code workers}' shard of {@code data}. */
    static WorkerShard of(Dataset data, int worker, int workers) {
        int d = data.numFeatures();
        int rows = data.size() <= worker ? 0 : (data.size() - worker + workers - 1) / workers;
        double[] x = new double[rows * d];
        double[] y = new double[rows];
        double[] all = data.y().data();
        for (int k = 0; k < rows; k++) {
            int j = worker + k * workers;
            System.arraycopy(data.row(j), 0, x, k * d, d);
            y[k] = all[j];
        }
        return new WorkerShard(worker, d, x, y);
    }

    /** The number of rows. */
    int rows() {
        return y.length;
    }
}
