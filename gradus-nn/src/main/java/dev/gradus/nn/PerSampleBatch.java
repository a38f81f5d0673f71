package dev.gradus.nn;

import dev.gradus.optim.PerSample;
import dev.gradus.tensor.Shapes;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The per-example gradients of one batch, from {@link PerSampleGradients#compute}: every query below is
 * answered from the recorded layer inputs and output gradients, without another pass through the model.
 * Parameters are named and ordered as in {@link Module#namedParameters()}; {@code B} is {@link #size()}.
 *
 * <ul>
 *   <li>{@link #losses()}: {@code l_i}, {@code [B]};</li>
 *   <li>{@link #norms()}: {@code ||grad l_i||} over all selected parameters jointly (flat clipping), and
 *       {@link #parameterNorms()} per parameter (per-layer clipping), from the ghost norm where a layer has
 *       one, so without forming any {@code grad l_i};</li>
 *   <li>{@link #weightedSum(double[])}: {@code sum_i w_i grad l_i} (the clipped sum of DP-SGD, a mean, a
 *       per-domain sum), one matrix product per dense layer, and {@link #weightedSumOfSquares} for
 *       elementwise second moments (per-domain gradient variances);</li>
 *   <li>{@link #gradients()}: every {@code grad l_i}, {@code [B, ...parameter shape]} per parameter, which
 *       needs {@code B} times the memory of the parameters.</li>
 * </ul>
 * It is what a training step's context serves the optimizer as {@link PerSample}. The results are fresh arrays
 * and tensors owned by the caller. Norms are computed once and cached. The
 * object keeps the batch's layer inputs and output gradients alive until it is dropped.
 */
public final class PerSampleBatch implements PerSample {
    private final int batch;
    private final Tensor losses;
    private final Tensor output;
    private final LinkedHashMap<String, int[]> shapes = new LinkedHashMap<>();
    private final LinkedHashMap<String, List<PerSampleUse>> uses;
    private final Map<String, String> loopReasons;
    private double[][] squaredNorms;

    PerSampleBatch(int batch, Tensor losses, Tensor output, Map<String, Parameter> parameters, LinkedHashMap<String, List<PerSampleUse>> uses,
                   Map<String, String> loopReasons) {
        this.batch = batch;
        this.losses = losses;
        this.output = output;
        parameters.forEach((name, p) -> shapes.put(name, p.shape()));
        this.uses = uses;
        this.loopReasons = loopReasons;
    }

    /** The number of examples B. */
    @Override
    public int size() {
        return batch;
    }

    /** The names of the parameters covered, in model order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(shapes.keySet());
    }

    /** The per-example losses {@code l_i} ({@link Loss#perExample}), {@code [B]}. */
    public Tensor losses() {
        return losses.copy();
    }

    /**
     * The model's output on the batch from the recording forward pass, {@code [B, ...]}: what a private training step
     * reports accuracy from without a second forward pass.
     */
    public Tensor output() {
        return output.copy();
    }

    /** How each parameter's gradients were computed, by name. */
    public Map<String, PerSampleGradients.Path> paths() {
        LinkedHashMap<String, PerSampleGradients.Path> out = new LinkedHashMap<>();
        for (String name : shapes.keySet()) {
            out.put(name, loopReasons.containsKey(name) ? PerSampleGradients.Path.LOOP : PerSampleGradients.Path.BATCHED);
        }
        return out;
    }

    /** {@code ||grad l_i||_2} over all covered parameters jointly, {@code [B]}. */
    @Override
    public double[] norms() {
        double[] out = new double[batch];
        for (double[] sq : squaredNorms()) {
            for (int i = 0; i < batch; i++) {
                out[i] += sq[i];
            }
        }
        for (int i = 0; i < batch; i++) {
            out[i] = Math.sqrt(out[i]);
        }
        return out;
    }

    /** {@code ||grad_p l_i||_2} for each parameter {@code p}, by name, each {@code [B]}. */
    @Override
    public Map<String, double[]> parameterNorms() {
        double[][] sq = squaredNorms();
        LinkedHashMap<String, double[]> out = new LinkedHashMap<>();
        int k = 0;
        for (String name : shapes.keySet()) {
            double[] n = new double[batch];
            for (int i = 0; i < batch; i++) {
                n[i] = Math.sqrt(sq[k][i]);
            }
            out.put(name, n);
            k++;
        }
        return out;
    }

    /** Every example's gradient of parameter {@code name}, {@code [B, ...parameter shape]}. */
    public Tensor gradient(String name) {
        Tensor out = Tensor.zeros(batchShape(name));
        write(name, out);
        return out;
    }

    /** Every example's gradient, by parameter name, each {@code [B, ...parameter shape]}. */
    @Override
    public TensorMap gradients() {
        TensorMap out = new TensorMap();
        for (String name : shapes.keySet()) {
            out.put(name, gradient(name));
        }
        return out;
    }

    /**
     * {@link #gradients()} written over the caller's tensors, one {@code [B, ...parameter shape]} tensor per
     * parameter name, and returned. The materialised gradients of a batch are {@code B} times the model, so a
     * loop that needs them every step reuses one set of buffers (as PyTorch's {@code out=} does) instead of
     * allocating and zeroing that much memory each time; what the buffers held before does not matter.
     *
     * @throws IllegalArgumentException when a parameter has no buffer or a buffer has the wrong shape; then
     *     no buffer has been written
     */
    public TensorMap gradientsInto(TensorMap buffers) {
        for (String name : shapes.keySet()) {
            if (!buffers.contains(name)) {
                throw new IllegalArgumentException("PerSampleBatch.gradientsInto: no buffer for parameter '" + name
                        + "'; expected shape " + Arrays.toString(batchShape(name)));
            }
            if (!Arrays.equals(buffers.get(name).shape(), batchShape(name))) {
                throw new IllegalArgumentException("PerSampleBatch.gradientsInto: the buffer for parameter '" + name
                        + "' has shape " + Arrays.toString(buffers.get(name).shape()) + ", expected "
                        + Arrays.toString(batchShape(name)));
            }
        }
        for (String name : shapes.keySet()) {
            write(name, buffers.get(name));
        }
        return buffers;
    }

    private int[] batchShape(String name) {
        int[] shape = shape(name);
        int[] s = new int[shape.length + 1];
        s[0] = batch;
        System.arraycopy(shape, 0, s, 1, shape.length);
        return s;
    }

    private void write(String name, Tensor out) {
        List<PerSampleUse> parameterUses = uses.get(name);
        if (parameterUses.isEmpty()) {
            Arrays.fill(out.data(), 0.0);
        }
        for (int k = 0; k < parameterUses.size(); k++) {
            if (k == 0) {
                parameterUses.get(k).writeAll(out.data());
            } else {
                parameterUses.get(k).addAll(out.data());
            }
        }
    }

    /** {@code sum_i w_i grad l_i} by parameter name, each of the parameter's shape; {@code weights} is {@code [B]}. */
    @Override
    public TensorMap weightedSum(double[] weights) {
        checkWeights("weights", weights);
        TensorMap out = new TensorMap();
        for (String name : shapes.keySet()) {
            out.put(name, weightedSum(name, weights));
        }
        return out;
    }

    /**
     * {@code sum_i w_i^p grad_p l_i} with weights per parameter (per-layer clipping): {@code weights} maps every
     * covered name to its {@code [B]} weights.
     */
    public TensorMap weightedSum(Map<String, double[]> weights) {
        if (!weights.keySet().equals(shapes.keySet())) {
            throw new IllegalArgumentException("PerSampleBatch.weightedSum: weights are given for " + weights.keySet()
                    + " but the parameters are " + shapes.keySet());
        }
        TensorMap out = new TensorMap();
        for (String name : shapes.keySet()) {
            double[] w = weights.get(name);
            checkWeights("weights of '" + name + "'", w);
            out.put(name, weightedSum(name, w));
        }
        return out;
    }

    /**
     * {@code sum_i w_i (grad l_i)^2}, squared elementwise, by parameter name, each of the parameter's shape: with
     * {@link #weightedSum} the per-example mean and variance of every gradient entry, over the whole batch or
     * one domain (weights {@code 1/n_d} on its examples), as Fishr-style penalties need. One product for a
     * dense layer on vectors; otherwise formed one example at a time, without storing all of them.
     */
    public TensorMap weightedSumOfSquares(double[] weights) {
        checkWeights("weights", weights);
        TensorMap out = new TensorMap();
        for (String name : shapes.keySet()) {
            Tensor t = Tensor.zeros(shapes.get(name));
            List<PerSampleUse> parameterUses = uses.get(name);
            if (parameterUses.size() == 1) {
                parameterUses.get(0).addWeightedSquares(weights, t.data());
            } else if (parameterUses.size() > 1) {
                PerSampleUse.addWeightedSquares(parameterUses, weights, t.data());
            }
            out.put(name, t);
        }
        return out;
    }

    private Tensor weightedSum(String name, double[] w) {
        Tensor out = Tensor.zeros(shapes.get(name));
        for (PerSampleUse u : uses.get(name)) {
            u.addWeightedSum(w, out.data());
        }
        return out;
    }

    private double[][] squaredNorms() {
        if (squaredNorms == null) {
            double[][] sq = new double[shapes.size()][];
            int k = 0;
            for (String name : shapes.keySet()) {
                sq[k++] = squaredNorms(uses.get(name), Math.toIntExact(Shapes.checkedSize(name, shapes.get(name))));
            }
            squaredNorms = sq;
        }
        return squaredNorms;
    }

    /** One use: its own (ghost) norm; several: the norm of the sum of their contributions, example by example. */
    private double[] squaredNorms(List<PerSampleUse> parameterUses, int size) {
        double[] acc = new double[batch];
        if (parameterUses.size() == 1) {
            parameterUses.get(0).addSquaredNorms(acc);
        } else if (parameterUses.size() > 1) {
            double[] scratch = new double[size];
            for (int i = 0; i < batch; i++) {
                Arrays.fill(scratch, 0.0);
                for (PerSampleUse u : parameterUses) {
                    u.accumulate(i, 1.0, scratch, 0);
                }
                acc[i] = PerSampleUse.sumOfSquares(scratch, 0, size);
            }
        }
        return acc;
    }

    private int[] shape(String name) {
        int[] s = shapes.get(name);
        if (s == null) {
            throw new IllegalArgumentException("PerSampleBatch: no parameter named '" + name + "'; covered are "
                    + shapes.keySet());
        }
        return s;
    }

    private void checkWeights(String what, double[] w) {
        if (w == null || w.length != batch) {
            throw new IllegalArgumentException("PerSampleBatch: " + what + " must have one entry per example ("
                    + batch + "), got " + (w == null ? "null" : w.length));
        }
    }

    /** The batch size and each parameter's path, with the reason for every loop. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PerSampleBatch(B=" + batch + ")");
        for (String name : shapes.keySet()) {
            String reason = loopReasons.get(name);
            sb.append("\n  ").append(name).append(' ').append(Arrays.toString(shapes.get(name))).append(": ")
                    .append(reason == null ? "batched" : "per-example loop, " + reason);
        }
        return sb.toString();
    }
}
