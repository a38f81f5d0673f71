package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/**
 * What a layer tells a per-sample gradient computation ({@link PerSampleGradients}) about how its parameters
 * enter its output, so that every example's gradient follows from one batched backward pass. A layer asks
 * {@link Module#perSampleTap()}; when it is not null (only while {@code PerSampleGradients} records a forward
 * pass) the layer reports each output that a parameter enters and continues with the var the tap returns,
 * which has the same value:
 *
 * <pre>{@code
 * Var out = x.matmul(weight.node(), false, true).add(bias.node());
 * PerSampleTap tap = perSampleTap();
 * return tap == null ? out : tap.linear(weight, bias, x, out);
 * }</pre>
 *
 * <p>The first dimension of every reported input and output is the batch, and the reported formula must be
 * the only way the parameter enters the output. A layer reads each reported parameter once through
 * {@link Parameter#node()} per report; a parameter read more often than reported (shared with a module that
 * has no batched rule) goes to the per-example loop instead. Layers that do not report are handled by that
 * loop too, so reporting is an optimisation that must never change a result. Per example {@code i}, with
 * {@code G} the gradient of {@code sum_i l_i} with respect to the reported output:
 * <ul>
 *   <li>{@link #linear}: {@code dW_i = G_i^T X_i} summed over the positions of example {@code i},
 *       {@code db_i = sum of G_i over its positions};</li>
 *   <li>{@link #convolution}: {@code dW_i = G_i C_i^T} with {@code C_i} the unfolded columns,
 *       {@code db_i = row sums of G_i};</li>
 *   <li>{@link #scaleShift}: {@code dw_i = sum of G_i * N_i}, {@code db_i = sum of G_i} over the positions.</li>
 * </ul>
 * Every method accepts a null bias, and a parameter that is frozen or not selected is ignored.
 */
public interface PerSampleTap {

    /**
     * A linear map on the last axis, {@code output = input W^T (+ bias)}. Either {@code W} is {@code [out, in]},
     * {@code input [B, ..., in]} and {@code output [B, ..., out]} with the same middle dimensions (the positions
     * of a sequence); or {@code W} is {@code [H, out, in]} (one matrix per head, no bias), {@code input} is
     * {@code [B, H or 1, T, in]} and {@code output} is {@code [B, H, T, out]}, head {@code h} using {@code W[h]}.
     *
     * @return the var to continue with in place of {@code output}
     */
    Var linear(Parameter weight, Parameter bias, Var input, Var output);

    /**
     * A convolution computed on unfolded windows, {@code output [B, O, L] = W [O, K] columns [B, K, L]
     * (+ bias [O] on every position)}, where the weight's shape flattens to {@code [O, K]} in the row order of
     * the columns ({@code [O, C, kh, kw]} for im2col columns).
     *
     * @return the var to continue with in place of {@code output}
     */
    Var convolution(Parameter weight, Parameter bias, Var columns, Var output);

    /**
     * A per-feature scale and shift on the last axis, {@code output = normalized * weight (+ bias)} with
     * {@code weight} and {@code bias} of shape {@code [F]} and {@code normalized}, {@code output} of shape
     * {@code [B, ..., F]} (the affine step of a layer normalisation).
     *
     * @return the var to continue with in place of {@code output}
     */
    Var scaleShift(Parameter weight, Parameter bias, Var normalized, Var output);
}
