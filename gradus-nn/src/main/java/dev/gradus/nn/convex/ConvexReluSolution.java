package dev.gradus.nn.convex;

import java.util.ArrayList;
import java.util.List;

/**
 * An ADMM solution of a {@link ConvexReluProgram}: the stacked blocks {@code (v_1..v_P, w_1..w_P)}, with the
 * convex objective and the constraint violation after every iteration.
 *
 * @param program the program solved
 * @param u the final variables, {@code 2P} blocks of {@code d} (group sparse: zero blocks are exactly zero)
 * @param objective the convex objective after each iteration
 * @param violation the largest constraint violation after each iteration
 */
public record ConvexReluSolution(ConvexReluProgram program, double[] u, double[] objective, double[] violation) {

    /** The final convex objective. */
    public double finalObjective() {
        return objective[objective.length - 1];
    }

    /** The final constraint violation. */
    public double finalViolation() {
        return violation[violation.length - 1];
    }

    /** The number of nonzero blocks, which is the width of the mapped network. */
    public int activeNeurons() {
        int d = program.features();
        int count = 0;
        for (int j = 0; j < 2 * program.patternCount(); j++) {
            if (ConvexReluProgram.blockNorm(u, j, d) > 0.0) {
                count++;
            }
        }
        return count;
    }

    /**
     * The equivalent ReLU network (Pilanci and Ergen 2020, Theorem 1): each nonzero {@code v_i} becomes a neuron
     * with input weights {@code v_i/√‖v_i‖} and output weight {@code +√‖v_i‖}, each nonzero {@code w_i} one with
     * {@code w_i/√‖w_i‖} and {@code −√‖w_i‖}. Where the constraints hold, {@code relu(X v_i) = D_i X v_i} and
     * the network's objective {@code ½‖f − y‖² + (β/2)(‖W‖² + ‖a‖²)} equals the convex one; a constraint violation
     * {@code ε} moves it by {@code O(ε)}.
     */
    public TwoLayerRelu toNetwork() {
        int d = program.features();
        int p = program.patternCount();
        List<double[]> rows = new ArrayList<>();
        List<Double> out = new ArrayList<>();
        for (int j = 0; j < 2 * p; j++) {
            double norm = ConvexReluProgram.blockNorm(u, j, d);
            if (norm > 0.0) {
                double root = Math.sqrt(norm);
                double[] w = new double[d];
                for (int c = 0; c < d; c++) {
                    w[c] = u[j * d + c] / root;
                }
                rows.add(w);
                out.add(j < p ? root : -root);
            }
        }
        double[] a = new double[out.size()];
        for (int q = 0; q < a.length; q++) {
            a[q] = out.get(q);
        }
        return new TwoLayerRelu(rows.toArray(new double[0][]), a);
    }
}
