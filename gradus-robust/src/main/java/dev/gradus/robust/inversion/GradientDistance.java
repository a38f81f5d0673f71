package dev.gradus.robust.inversion;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * How far a dummy input's parameter gradient is from the observed one, summed over the parameter tensors l:
 *
 * <pre>
 * L2:      D = sum_l ||g_l - t_l||_2^2                                    (DLG, Zhu et al. 2019; iDLG, Zhao et al. 2020)
 * COSINE:  D = 1 - (sum_l &lt;g_l, t_l&gt;) / (sqrt(sum_l ||g_l||^2) sqrt(sum_l ||t_l||^2))   (Geiping et al. 2020)
 * </pre>
 */
public enum GradientDistance {
    /** Squared Euclidean distance. */
    L2,
    /** One minus the cosine similarity of the concatenated gradients. */
    COSINE;

    /** D between the differentiable dummy gradients {@code g} and the observed {@code t}, in the same order. */
    public Var distance(List<Var> g, List<Tensor> t) {
        if (g.size() != t.size()) {
            throw new IllegalArgumentException("GradientDistance: " + g.size() + " dummy gradients but " + t.size()
                    + " observed ones");
        }
        if (this == L2) {
            Var d = null;
            for (int l = 0; l < g.size(); l++) {
                Var term = g.get(l).sub(t.get(l)).square().sum();
                d = d == null ? term : d.add(term);
            }
            return d;
        }
        Var dot = null;
        Var gg = null;
        double tt = 0;
        for (int l = 0; l < g.size(); l++) {
            Var dl = g.get(l).mul(t.get(l)).sum();
            Var gl = g.get(l).square().sum();
            dot = dot == null ? dl : dot.add(dl);
            gg = gg == null ? gl : gg.add(gl);
            double n = t.get(l).norm();
            tt += n * n;
        }
        return dot.div(gg.add(1e-30).sqrt().mul(Math.sqrt(tt))).rsub(1.0);
    }
}
