package dev.gradus.nn.quant;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;

/**
 * Fake quantization {@code q(x) = s · clip(round(x / s), Q_N, Q_P)} with surrogate gradients.
 * <pre>
 *   clipped STE (Bengio, Léonard, Courville, 2013):   ∂q/∂x = 1 if Q_N ≤ x/s ≤ Q_P, else 0
 *   LSQ (Esser et al., ICLR 2020, eq. 3):              ∂q/∂s = round(x/s) − x/s   if Q_N ≤ x/s ≤ Q_P
 *                                                             Q_N                 if x/s &lt; Q_N
 *                                                             Q_P                 if x/s &gt; Q_P
 *   the step's gradient is multiplied by g = 1/√(N · Q_P)  (N = elements of x; eq. 4)
 *   initial step s₀ = 2 · mean|x| / √Q_P  (§2.1)
 * </pre>
 * Both rules are the exact derivatives of the surrogate {@code s · clip(x/s + c, Q_N, Q_P)} with the rounding offset
 * {@code c = round(x/s) − x/s} held fixed, and are written with differentiable ops in {@code x} and {@code s}, so the
 * tests check them by finite differences of that surrogate. Zero point {@code z = 0} (symmetric) throughout.
 */
public final class FakeQuant {
    private FakeQuant() {}

    /** {@code q(x)} with a fixed step and the clipped STE. */
    public static Var ste(Var x, double step, QuantRange range) {
        requireStep(step);
        Tensor v = x.value().mul(1 / step);
        Tensor[] parts = quantize(v, range);
        Tensor q = parts[0].mul(step);
        Tensor mask = parts[1];
        return Var.op("fake_quant_ste", q, (out, g) -> new Var[] {g.mul(mask)}, x);
    }

    /** {@code q(x)} with a learned step {@code step} (one element), the clipped STE for x and LSQ for s. */
    public static Var lsq(Var x, Var step, QuantRange range, double gradScale) {
        if (step.value().size() != 1) {
            throw new IllegalArgumentException("FakeQuant.lsq: the step must have one element, got shape "
                    + java.util.Arrays.toString(step.shape()));
        }
        double s = step.value().data()[0];
        requireStep(s);
        Tensor v = x.value().mul(1 / s);
        Tensor[] parts = quantize(v, range);
        Tensor levels = parts[0];
        Tensor mask = parts[1];
        Tensor q = levels.mul(s);
        Tensor clipLevel = parts[2];
        int[] stepShape = step.shape();
        return Var.op("fake_quant_lsq", q, (out, g) -> {
            Var xv = out.inputs().get(0);
            Var sv = out.inputs().get(1);
            // round(x/s) − x/s inside the range, the clip level outside; round is held constant
            Var local = Var.where(mask, Var.constant(levels).sub(xv.div(sv.reshape())), Var.constant(clipLevel));
            Var ds = g.mul(local).sum().mul(gradScale).reshape(stepShape);
            return new Var[] {g.mul(mask), ds};
        }, x, step);
    }

    /** LSQ's step-gradient scale {@code 1/√(numel · Q_P)}. */
    public static double gradScale(int numel, QuantRange range) {
        if (numel < 1) {
            throw new IllegalArgumentException("FakeQuant.gradScale: numel must be positive, got " + numel);
        }
        return 1 / Math.sqrt((double) numel * range.qp());
    }

    /** LSQ's initial step {@code 2 · mean|x| / √Q_P} (a tiny positive step for an all-zero x). */
    public static double initialStep(Tensor x, QuantRange range) {
        double sum = 0;
        for (double v : x.data()) {
            sum += Math.abs(v);
        }
        double mean = sum / Math.max(1, x.size());
        return Math.max(2 * mean / Math.sqrt(range.qp()), 1e-8);
    }

    /** {levels = clip(round(v)), inside mask, clip level (Q_N, 0 or Q_P)} for scaled values v. */
    private static Tensor[] quantize(Tensor v, QuantRange range) {
        double[] vd = v.data();
        double[] lv = new double[vd.length];
        double[] in = new double[vd.length];
        double[] cl = new double[vd.length];
        for (int i = 0; i < vd.length; i++) {
            double c = Math.min(range.qp(), Math.max(range.qn(), vd[i]));
            lv[i] = Math.rint(c);
            if (vd[i] < range.qn()) {
                cl[i] = range.qn();
            } else if (vd[i] > range.qp()) {
                cl[i] = range.qp();
            } else {
                in[i] = 1;
            }
        }
        int[] shape = v.shape();
        return new Tensor[] {Tensor.of(lv, shape), Tensor.of(in, shape), Tensor.of(cl, shape)};
    }

    private static void requireStep(double s) {
        if (!(s > 0) || !Double.isFinite(s)) {
            throw new IllegalArgumentException("FakeQuant: the step must be positive and finite, got " + s);
        }
    }
}
