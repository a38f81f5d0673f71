package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.tensor.TensorMap;

/**
 * A worker's error-feedback memory: what compression left out of earlier messages, added back before the next
 * one ({@code p = g + e; send C(p); e = p - C(p)}; Seide et al. 2014, Karimireddy et al. 2019).
 *
 * @param residual the residual {@code e}, by parameter name
 */
public record Residual(TensorMap residual) implements OptState {

    /** Adds the residual into {@code grad} ({@code p = g + e}). */
    void addTo(TensorMap grad) {
        grad.forEach((name, g) -> {
            double[] gd = g.data();
            double[] e = residual.get(name).data();
            for (int i = 0; i < gd.length; i++) {
                gd[i] += e[i];
            }
            g.markModified();
        });
    }

    /** Keeps what was not sent: {@code e = p - sent}. */
    void keep(TensorMap p, TensorMap sent) {
        residual.forEach((name, e) -> {
            double[] ed = e.data();
            double[] pd = p.get(name).data();
            double[] sd = sent.get(name).data();
            for (int i = 0; i < ed.length; i++) {
                ed[i] = pd[i] - sd[i];
            }
            e.markModified();
        });
    }
}
