package dev.gradus.optim.optimizer;

import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RAdamTest {

    private static double stepScalar(RAdam opt, OptState s, TensorMap p, double g) {
        opt.step(p, TensorMap.of("x", Tensor.vector(g)), s);
        return p.get("x").item();
    }

    @Test
    void threeMomentumStepsByHandWithCoupledDecay() {
        // β2 = 0.999: ρ_1..ρ_3 ≈ 1, 2, 3 < 5, so each step is p ← p − lr·m/(1 − β1ᵗ) with g ← g + wd·p.
        // lr 0.1, wd 0.1, p0 = 1, gradients 1, −2, 0.5:
        // t=1: g = 1.1,            m = 0.11,                 p = 1 − 0.1·0.11/0.1           = 0.89
        // t=2: g = −2 + 0.089,     m = 0.099 − 0.1911 = −0.0921,  p = 0.89 + 0.1·0.0921/0.19 = 0.93847368421...
        // t=3: g = 0.5 + 0.093847, m = −0.08289 + 0.0593847 = −0.0235053, p = p2 + 0.1·0.0235053/0.271
        //                                                                            = 0.94714721305...
        RAdam opt = Optimizers.radam().lr(0.1).weightDecay(0.1);
        TensorMap p = TensorMap.of("x", Tensor.vector(1.0));
        OptState s = opt.init(p);
        assertThat(stepScalar(opt, s, p, 1.0)).isCloseTo(0.89, within(1e-15));
        assertThat(stepScalar(opt, s, p, -2.0)).isCloseTo(0.89 + 0.1 * 0.0921 / 0.19, within(1e-15));
        assertThat(stepScalar(opt, s, p, 0.5)).isCloseTo(0.9471472130510779, within(1e-14));
    }

    @Test
    void constantGradientMovesLrPerStepThenLrTimesTheRectificationAtStepSix() {
        // With g ≡ 1 and eps = 0: m/(1 − β1ᵗ) = 1 and √(1 − β2ᵗ)/√v = 1, so the step is lr until ρ_t > 5 and
        // lr·r_t afterwards. ρ_5 ≈ 4.996 and ρ_6 ≈ 5.99 for β2 = 0.999.
        RAdam opt = Optimizers.radam().lr(0.1).eps(0);
        TensorMap p = TensorMap.of("x", Tensor.vector(0.0));
        OptState s = opt.init(p);
        double before = 0;
        for (int t = 1; t <= 5; t++) {
            double after = stepScalar(opt, s, p, 1.0);
            assertThat(before - after).as("momentum step %d", t).isCloseTo(0.1, within(1e-14));
            before = after;
        }
        double b2 = 0.999;
        double rhoInf = 2 / (1 - b2) - 1;
        double rho6 = rhoInf - 2 * 6 * Math.pow(b2, 6) / (1 - Math.pow(b2, 6));
        assertThat(rho6).isGreaterThan(5);
        double r6 = Math.sqrt((rho6 - 4) * (rho6 - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho6));
        double after = stepScalar(opt, s, p, 1.0);
        assertThat(before - after).isCloseTo(0.1 * r6, within(1e-14));
        assertThat(r6).isLessThan(0.2); // the rectification really damps the first adaptive step
    }

    /*
     * Values from PyTorch 1.13 (float64), torch.optim.RAdam, printed by:
     *
     * import torch
     * torch.set_default_dtype(torch.float64)
     * def run(wd, steps):
     *     p = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
     *     opt = torch.optim.RAdam([p], lr=0.1, betas=(0.9, 0.999), eps=1e-8, weight_decay=wd)
     *     out = []
     *     for t in range(steps):
     *         opt.zero_grad()
     *         loss = (p**4).sum() / 4 + (p[0] * p[1])  # grad: p^3 + (p1, p0, 0)
     *         loss.backward()
     *         opt.step()
     *         out.append([float(x) for x in p.detach()])
     *     return out
     * for wd in (0.0, 0.1):
     *     r = run(wd, 8)
     *     print(wd, repr(r[4]), repr(r[7]))
     */
    private static final double[][] TORCH = {
        {1.0955459991160559, -0.45813449456442723, 0.44218176814083365}, // wd 0, after 5 steps
        {1.088782947200364, -0.4576461758057344, 0.43281500954016755}, // wd 0, after 8 steps
        {1.053860694161026, -0.4045436488854094, 0.41980738314242294}, // wd 0.1, after 5 steps
        {1.0466213185259408, -0.4038580965335466, 0.41048796099682255}, // wd 0.1, after 8 steps
    };

    private static TensorMap quarticGradient(double[] x) {
        return TensorMap.of("p", Tensor.vector(x[0] * x[0] * x[0] + x[1], x[1] * x[1] * x[1] + x[0],
                x[2] * x[2] * x[2]));
    }

    @Test
    void matchesTorchRAdamThroughTheSwitchToRectifiedSteps() {
        double[] wds = {0.0, 0.1};
        for (int w = 0; w < 2; w++) {
            RAdam opt = Optimizers.radam().lr(0.1).weightDecay(wds[w]);
            TensorMap p = TensorMap.of("p", Tensor.vector(1.0, -2.0, 0.5));
            OptState s = opt.init(p);
            for (int t = 1; t <= 8; t++) {
                opt.step(p, quarticGradient(p.get("p").data()), s);
                double[] expected = t == 5 ? TORCH[2 * w] : t == 8 ? TORCH[2 * w + 1] : null;
                if (expected != null) {
                    double[] got = p.get("p").data();
                    for (int i = 0; i < 3; i++) {
                        assertThat(got[i]).as("wd %s step %d [%d]", wds[w], t, i).isCloseTo(expected[i],
                                within(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void decoupledDecayScalesTheParameterByOneMinusLrWd() {
        // torch ≥ 2.0: p ← p(1 − lr·wd) before the step; the moments see the raw gradient.
        RAdam opt = Optimizers.radam().lr(0.1).weightDecay(0.5).decoupledWeightDecay(true);
        TensorMap p = TensorMap.of("x", Tensor.vector(2.0));
        OptState s = opt.init(p);
        // Step 1 is a momentum step: m̂ = g.
        assertThat(stepScalar(opt, s, p, 3.0)).isCloseTo(2.0 * (1 - 0.05) - 0.1 * 3.0, within(1e-15));
    }

    @Test
    void fusedStepEqualsUpdateThenApply() {
        FusedCheck.assertFusedEqualsUpdateThenApply(Optimizers.radam().lr(0.01).weightDecay(0.1), 5, 10);
        FusedCheck.assertFusedEqualsUpdateThenApply(
                Optimizers.radam().lr(0.01).weightDecay(0.1).decoupledWeightDecay(true), 5, 10);
    }
}
