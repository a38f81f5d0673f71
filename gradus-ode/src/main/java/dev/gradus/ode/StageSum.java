package dev.gradus.ode;

import dev.gradus.autodiff.Backward;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The fused stage update {@code base + sum_j w_j k_j} as one graph node, so a 7-stage step records 7 nodes for its
 * combinations rather than some 40 (a mul and an add per term); its backward gives {@code g} to {@code base} and
 * {@code w_j g} to {@code k_j}, written with var operations so it can be differentiated again.
 */
final class StageSum {
    private StageSum() {}

    /** {@code base + sum_j weights[j] * ks[j]} over {@code j < count}, skipping zero weights; {@code base} may be null. */
    static Var of(Var base, double[] weights, Var[] ks, int count) {
        List<Var> inputs = new ArrayList<>(count + 1);
        List<Double> used = new ArrayList<>(count);
        double[] out = null;
        int[] shape = null;
        if (base != null) {
            inputs.add(base);
            out = base.value().data().clone();
            shape = base.shape();
        }
        for (int j = 0; j < count; j++) {
            double w = weights[j];
            if (w == 0) {
                continue;
            }
            double[] k = ks[j].value().data();
            if (out == null) {
                out = new double[k.length];
                shape = ks[j].shape();
            } else if (k.length != out.length) {
                throw new IllegalArgumentException("StageSum: stage " + j + " has " + k.length
                        + " elements, the state has " + out.length + " (the vector field must keep the state's shape)");
            }
            for (int i = 0; i < k.length; i++) {
                out[i] += w * k[i];
            }
            inputs.add(ks[j]);
            used.add(w);
        }
        if (out == null) {
            throw new IllegalArgumentException("StageSum: nothing to combine (no base and all weights zero)");
        }
        boolean hasBase = base != null;
        double[] w = new double[used.size()];
        for (int i = 0; i < w.length; i++) {
            w[i] = used.get(i);
        }
        int offset = hasBase ? 1 : 0;
        Backward rule = Backward.of((node, g) -> {
            Var[] grads = new Var[offset + w.length];
            if (hasBase) {
                grads[0] = g;
            }
            for (int i = 0; i < w.length; i++) {
                grads[offset + i] = g.mul(w[i]);
            }
            return grads;
        }, (node, g) -> {
            Tensor[] grads = new Tensor[offset + w.length];
            if (hasBase) {
                grads[0] = g;
            }
            for (int i = 0; i < w.length; i++) {
                grads[offset + i] = g.mul(w[i]);
            }
            return grads;
        });
        return Var.op("stage_sum", Tensor.of(out, shape), rule, inputs.toArray(new Var[0]));
    }
}
