package dev.gradus.nn.structure;

/**
 * The outcome of a {@link TopoSwaps} search.
 *
 * @param order the final topological order (node at each position)
 * @param weights {@code W_π}, the least-squares fit under the order (a DAG; row-major, {@code i → j} at {@code i·d + j})
 * @param score the least-squares score {@code F(W_π)}
 * @param swaps the number of swaps applied
 */
public record TopoResult(int[] order, double[] weights, double score, int swaps) {

    /** The weights with entries of magnitude below {@code threshold} set to 0. */
    public double[] thresholded(double threshold) {
        double[] w = weights.clone();
        for (int i = 0; i < w.length; i++) {
            if (Math.abs(w[i]) < threshold) {
                w[i] = 0;
            }
        }
        return w;
    }
}
