package dev.gradus.distributed.gossip;

/**
 * The node-local objectives {@code f_1, .., f_n} of a decentralised problem {@code min_x sum_i f_i(x)} over
 * {@code R^d}.
 */
public interface LocalObjectives {

    /** The number of nodes {@code n}. */
    int nodes();

    /** The dimension {@code d}. */
    int dimension();

    /** {@code f_i(x)}, writing {@code grad f_i(x)} into {@code grad}. */
    double gradient(int node, double[] x, double[] grad);

    /** The minimiser of {@code sum_i f_i}, when known (for error curves); null otherwise. */
    double[] optimum();
}
