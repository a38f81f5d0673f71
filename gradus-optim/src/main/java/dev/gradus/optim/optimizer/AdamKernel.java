package dev.gradus.optim.optimizer;

import dev.gradus.optim.Schedule;
import dev.gradus.optim.kernel.AdamMoments;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * The fused Adam/AdamW step shared by {@link Adam} and {@link AdamW}: per block of each parameter it advances the moments
 * of the (coupled-decay) gradient with {@link AdamMoments}, then forms the direction, the decoupled decay
 * and the learning-rate step per element, reading p, g, m, v (and vmax with amsgrad) from memory once and
 * writing p, m, v (never g when it applies the step); large tensors run on every core ({@link Chunks}). The arithmetic is exactly that of
 * {@code chain(add_decayed_weights, scale_by_adam, scale_by_learning_rate)} (coupled) or
 * {@code chain(scale_by_adam, add_decayed_weights, scale_by_learning_rate)} (decoupled).
 */
final class AdamKernel {
    private AdamKernel() {}

    /** {@code scale_by_adam} with the optimizer's betas, eps and amsgrad: its state, and the reference's middle link. */
    static ScaleByAdam preconditioner(Hyperparams hp) {
        return ScaleByAdam.of(hp.schedules("betas"), hp.schedule("eps"), hp.flag("amsgrad"));
    }

    /** One step with the hyperparameters {@code hp} of {@code adam} or {@code adamw}, at the state's count. */
    static void run(TensorMap params, TensorMap grads, ScaleByAdam.State s, Hyperparams hp, boolean decoupled,
            boolean apply) {
        long k = s.count().get();
        List<Schedule> betas = hp.schedules("betas");
        run(params, grads, s, hp.schedule("lr").at(k), betas.get(0).at(k), betas.get(1).at(k), hp.schedule("eps").at(k),
                hp.schedule("weight_decay").at(k), decoupled, hp.flag("amsgrad"), apply);
    }

    private static void run(TensorMap params, TensorMap grads, ScaleByAdam.State s, double lr, double beta1,
            double beta2, double eps, double wd, boolean decoupled, boolean amsgrad, boolean apply) {
        long t = s.count().get() + 1;
        double c1 = AdamMoments.c1(beta1, t);
        double c2 = AdamMoments.c2(beta2, t);
        double negLr = -lr;
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            double[] g = grads.get(name).data();
            double[] m = s.mu().get(name).data();
            double[] v = s.nu().get(name).data();
            double[] vHat = amsgrad ? s.nuMax().get(name).data() : v;
            if (apply && !amsgrad) {
                if (decoupled) {
                    Chunks.run(p.length, (from, to) -> AdamMoments.adamWStep(g, p, wd, m, v, beta1, beta2, c1, c2, eps,
                            negLr, from, to));
                } else {
                    Chunks.run(p.length, (from, to) -> AdamMoments.adamStep(g, p, wd, m, v, beta1, beta2, c1, c2, eps,
                            negLr, from, to));
                }
                continue;
            }
            Chunks.run(p.length, (from, to) -> {
                if (decoupled) {
                    AdamMoments.moments(g, m, v, beta1, beta2, from, to);
                } else {
                    AdamMoments.moments(g, p, wd, m, v, beta1, beta2, from, to);
                }
                if (amsgrad) {
                    AdamMoments.max(v, vHat, from, to);
                }
                // The direction is formed per element, not stored: g is never written when the step applies.
                for (int i = from; i < to; i++) {
                    double u = AdamMoments.direction(m[i], vHat[i], c1, c2, eps);
                    if (decoupled) {
                        u = u + wd * p[i];
                    }
                    u = negLr * u;
                    if (apply) {
                        p[i] = p[i] + u;
                    } else {
                        g[i] = u;
                    }
                }
            });
        }
        s.count().increment();
    }
}
