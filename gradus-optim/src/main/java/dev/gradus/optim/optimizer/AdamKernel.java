package dev.gradus.optim.optimizer;

import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.tensor.TensorMap;

/**
 * The fused Adam/AdamW pass shared by {@link Adam} and {@link AdamW}: per element it reads p, g, m, v
 * (and vmax with amsgrad) once and writes p, m, v, so the step runs at memory bandwidth. The
 * arithmetic is exactly that of {@code chain(add_decayed_weights, scale_by_adam, scale_by_learning_rate)}
 * (coupled) or {@code chain(scale_by_adam, add_decayed_weights, scale_by_learning_rate)} (decoupled).
 */
final class AdamKernel {
    private AdamKernel() {}

    static void run(TensorMap params, TensorMap grads, ScaleByAdam.State s, double lr, double beta1, double beta2,
            double eps, double wd, boolean decoupled, boolean amsgrad, boolean apply) {
        long t = s.count().get() + 1;
        double c1 = 1.0 / (1.0 - StrictMath.pow(beta1, t));
        double c2 = 1.0 / Math.sqrt(1.0 - StrictMath.pow(beta2, t));
        double negLr = -lr;
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.mu().get(name).data();
            double[] v = s.nu().get(name).data();
            double[] vmax = amsgrad ? s.nuMax().get(name).data() : v;
            for (int i = 0; i < p.length; i++) {
                double pi = p[i];
                double gi = decoupled ? g[i] : g[i] + wd * pi;
                double mi = beta1 * m[i] + (1.0 - beta1) * gi;
                double vi = beta2 * v[i] + (1.0 - beta2) * gi * gi;
                m[i] = mi;
                v[i] = vi;
                if (amsgrad) {
                    vi = Math.max(vmax[i], vi);
                    vmax[i] = vi;
                }
                double u = (mi * c1) / (Math.sqrt(vi) * c2 + eps);
                if (decoupled) {
                    u = u + wd * pi;
                }
                u = negLr * u;
                if (apply) {
                    p[i] = pi + u;
                } else {
                    g[i] = u;
                }
            }
        }
        s.count().increment();
    }
}
