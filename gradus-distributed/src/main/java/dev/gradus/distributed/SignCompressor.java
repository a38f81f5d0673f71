package dev.gradus.distributed;

import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.TrainStep;

/**
 * {@code sign(error_feedback=false)}: one bit per entry.
 * <ul>
 *   <li>Without error feedback, signSGD (Bernstein et al. 2018/2019): send {@code sign(g)}; with the
 *       {@code majority_vote} aggregator the server applies {@code sign(sum_i sign(g_i))}.</li>
 *   <li>With error feedback, EF-signSGD (Karimireddy et al. 2019, Algorithm 1), per tensor of {@code d} values:
 *       {@code p = g + e;  delta = (||p||_1 / d) sign(p);  e = p - delta;}  send {@code delta}. (The paper scales
 *       {@code g} by the step size inside; here the optimizer applies it afterwards, the same for a constant rate.)</li>
 * </ul>
 * Wire size: {@code ceil(d / 8)} bytes per tensor, plus its 8-byte scale with error feedback.
 */
public final class SignCompressor extends Configured<SignCompressor> implements Compressor {

    /** Spec: {@code sign(error_feedback=false)}. */
    public static final Descriptor<SignCompressor> SPEC = Descriptor.component("sign", "compressor",
                    SignCompressor::new)
            .summary("send the signs (signSGD); with error_feedback, scaled signs and a residual (EF-signSGD)")
            .reference("Bernstein et al. 2019, signSGD with Majority Vote; Karimireddy et al. 2019, Error Feedback "
                    + "Fixes SignSGD")
            .param(Param.flag("error_feedback", false, "EF-signSGD: scale by the mean magnitude, keep a residual"))
            .build();

    /** From validated settings. */
    public SignCompressor(Hyperparams hp) {
        super(hp);
    }

    @Override
    public OptState init(TensorMap params) {
        return hp.flag("error_feedback") ? new Residual(params.zerosLike()) : TrainStep.NoStepState.INSTANCE;
    }

    @Override
    public long compress(TensorMap grad, OptState state, long step, RandomStream random, TensorMap out) {
        boolean ef = state instanceof Residual;
        if (state instanceof Residual r) {
            r.addTo(grad);
        }
        long bytes = 0;
        for (String name : grad.names()) {
            double[] p = grad.get(name).data();
            double[] o = out.get(name).data();
            double scale = 1.0;
            if (ef) {
                double l1 = 0;
                for (double x : p) {
                    l1 += Math.abs(x);
                }
                scale = l1 / p.length;
            }
            for (int i = 0; i < p.length; i++) {
                o[i] = scale * Math.signum(p[i]);
            }
            out.get(name).markModified();
            bytes += (p.length + 7) / 8 + (ef ? 8 : 0);
        }
        if (state instanceof Residual r) {
            r.keep(grad, out);
        }
        return bytes;
    }
}
