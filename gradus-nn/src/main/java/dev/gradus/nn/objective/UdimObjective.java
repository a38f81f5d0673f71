package dev.gradus.nn.objective;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * UDIM's two ingredients for a classifier {@code f = head ∘ φ} (a {@link Sequential} whose last layer is a
 * {@link Linear} head): the emulation of an unknown domain by an adversarial perturbation of each image's style
 * statistics, and the inconsistency of the per-sample head gradients between the source and the emulated
 * domain. {@link UdimStep} combines them with SAM.
 *
 * <p><b>Style perturbation</b> (the reference's {@code advstyle}, one image = one channel): with the per-image
 * mean {@code μ} and standard deviation {@code σ = √(var + 1e-5)} over its pixels, {@code z = (x − μ)/σ} and
 * <pre>
 *   x_syn = z · σ_adv + μ_adv,        (μ_adv, σ_adv) = (μ, σ) + ρ_x · u / ‖u‖   per image,
 *   u = ∇_(μ,σ) J,   J = ℓ(θ; z σ + μ) + ρ_s ‖∇_θ ℓ(θ; z σ + μ)‖₂      (double backward)
 * </pre>
 * one ascent step on the batch objective {@code J} (ℓ the mean cross-entropy). Deviation from the reference
 * code, which steps with a fixed learning rate ({@code syn_lr = 10}): the step is normalised per image to the
 * radius {@code ρ_x} of the paper's worst case over perturbations of radius {@code ρ_x}, so the size of the
 * emulated shift does not depend on the batch size or the loss scale. θ is not changed by this pass.
 *
 * <p><b>Inconsistency</b> (Fishr-style, on the head's per-sample gradients, exactly in closed form): for a
 * domain with features {@code h_i}, residuals {@code e_i = softmax(W h_i + b) − onehot(y_i)}, the per-sample
 * head gradient is {@code (h_i e_iᵀ, e_i)}; its variance over the domain is
 * <pre>
 *   v_W = (1/N) (h ⊙ h)ᵀ (e ⊙ e) − ((1/N) hᵀ e)⊙²,     v_b = mean(e ⊙ e) − mean(e)⊙²,
 * </pre>
 * and the penalty over the source (o) and emulated (s) domains is
 * <pre>
 *   Ω = ½ Σ_{d∈{o,s}} ‖v_d − v̄‖² + (1/P) · (1/N_s) Σ_i ‖g_{s,i}‖²,      ‖g_{s,i}‖² = (‖h_{s,i}‖² + 1) ‖e_{s,i}‖²,
 * </pre>
 * {@code v̄ = (v_o + v_s)/2}, {@code P} the number of head parameters. Ω is differentiable in every parameter
 * (through {@code h} and {@code e}); the emulated images are constants. The reference centres the synthetic
 * part with the source mean (code deviates from Fishr); here each domain is centred with its own mean.
 *
 * <p>Defaults: {@code ρ_s = 0.05} (the reference's gradient-norm weight), {@code ρ_x = 0.5} (on images scaled to
 * {@code [0, 1]}), λ = 1 (the reference's {@code worst_weight}).
 *
 * <p>Reference: S. Shin, H. Bae, B. Na, Y.-Y. Kim, I.-C. Moon, "Unknown Domain Inconsistency Minimization for
 * Domain Generalization", ICLR 2024; code {@code aailabkaist/UDIM}, {@code domainbed/algorithms/algorithms.py}
 * (class {@code IADA_DG_FINAL}).
 *
 * <pre>{@code
 * UdimObjective udim = new UdimObjective(mlp).styleRadius(0.5);
 * Tensor xSyn = udim.perturbStyle(x, labels);
 * TensorMap grads = mlp.gradients(udim.inconsistency(x, xSyn, labels));
 * }</pre>
 */
public final class UdimObjective {

    private static final double VAR_EPS = 1e-5;

    private final Sequential model;
    private final Linear head;
    private double gradientNormWeight = 0.05;
    private double styleRadius = 0.5;
    private double weight = 1.0;

    /** The objective of {@code model}, whose last layer must be its linear head. */
    public UdimObjective(Sequential model) {
        if (model.size() < 2 || !(model.get(model.size() - 1) instanceof Linear)) {
            throw new IllegalArgumentException("UDIM: the model must be a Sequential of at least two layers ending in "
                    + "a Linear head; got " + model.layers());
        }
        this.model = model;
        this.head = (Linear) model.get(model.size() - 1);
    }

    /** The weight {@code ρ_s ≥ 0} of the gradient norm in the style objective (default 0.05). */
    public UdimObjective gradientNormWeight(double value) {
        this.gradientNormWeight = nonNegative("gradientNormWeight", value);
        return this;
    }

    /** The per-image radius {@code ρ_x ≥ 0} of the style perturbation (default 0.5; 0 leaves the images). */
    public UdimObjective styleRadius(double value) {
        this.styleRadius = nonNegative("styleRadius", value);
        return this;
    }

    /** The weight {@code λ ≥ 0} of the inconsistency in the training gradient (default 1). */
    public UdimObjective weight(double value) {
        this.weight = nonNegative("weight", value);
        return this;
    }

    /** λ. */
    public double weight() {
        return weight;
    }

    /** The model. */
    public Sequential model() {
        return model;
    }

    private static double nonNegative(String what, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("UDIM: " + what + " must be finite and >= 0, got " + value);
        }
        return value;
    }

    /** The mean cross-entropy of the model on a batch. */
    public Var loss(Tensor x, int[] labels) {
        return Losses.softmaxCrossEntropy(model.forward(Var.constant(x)), labels);
    }

    /** The emulated-domain images: one normalised ascent step on each image's (μ, σ), see the class comment. */
    public Tensor perturbStyle(Tensor x, int[] labels) {
        int n = checkBatch(x, labels);
        int d = x.size() / n;
        double[] xs = x.data();
        double[] mu = new double[n];
        double[] sd = new double[n];
        double[] z = new double[n * d];
        for (int i = 0; i < n; i++) {
            double m = 0.0;
            for (int k = 0; k < d; k++) {
                m += xs[i * d + k];
            }
            m /= d;
            double v = 0.0;
            for (int k = 0; k < d; k++) {
                double c = xs[i * d + k] - m;
                v += c * c;
            }
            mu[i] = m;
            sd[i] = Math.sqrt(v / d + VAR_EPS);
            for (int k = 0; k < d; k++) {
                z[i * d + k] = (xs[i * d + k] - m) / sd[i];
            }
        }
        if (styleRadius == 0.0) {
            return x.copy();
        }
        Var muVar = Var.param(Tensor.of(mu.clone(), n, 1));
        Var sdVar = Var.param(Tensor.of(sd.clone(), n, 1));
        Var images = Var.constant(Tensor.of(z.clone(), n, d)).mul(sdVar).add(muVar).reshape(x.shape());
        Var l = Losses.softmaxCrossEntropy(model.forward(images), labels);
        Var j = l;
        if (gradientNormWeight > 0.0) {
            List<Var> g = Autodiff.gradGraph(l, model.parameterNodes(), null, true);
            Var sq = Var.scalar(0.0);
            for (Var gi : g) {
                sq = sq.add(gi.square().sum());
            }
            j = l.add(sq.add(1e-24).sqrt().mul(gradientNormWeight));
        }
        List<Tensor> u = Autodiff.grad(j, List.of(muVar, sdVar));
        double[] gm = u.get(0).data();
        double[] gs = u.get(1).data();
        double[] out = new double[n * d];
        for (int i = 0; i < n; i++) {
            double norm = Math.sqrt(gm[i] * gm[i] + gs[i] * gs[i]);
            double step = norm > 0.0 ? styleRadius / norm : 0.0;
            double m = mu[i] + step * gm[i];
            double s = sd[i] + step * gs[i];
            for (int k = 0; k < d; k++) {
                out[i * d + k] = z[i * d + k] * s + m;
            }
        }
        return Tensor.of(out, x.shape());
    }

    /** Ω on the model's parameters for a source batch and its emulated copy (same labels). */
    public Var inconsistency(Tensor source, Tensor emulated, int[] labels) {
        checkBatch(source, labels);
        checkBatch(emulated, labels);
        Var hs = features(Var.constant(source));
        Var he = features(Var.constant(emulated));
        Var ws = head.weight().node();
        Var b = head.bias() == null ? null : head.bias().node();
        return inconsistency(hs, head.forward(hs), he, head.forward(he), labels, ws.value().size()
                + (b == null ? 0 : b.value().size()));
    }

    /** The featurizer φ: every layer but the head. */
    public Var features(Var x) {
        Var h = x;
        List<Module> layers = model.layers();
        for (int i = 0; i < layers.size() - 1; i++) {
            h = layers.get(i).forward(h);
        }
        return h;
    }

    /**
     * Ω from features and logits of the two domains (see the class comment), {@code headParameters = P}.
     * Both domains carry the same labels.
     */
    public static Var inconsistency(Var hSource, Var logitsSource, Var hEmulated, Var logitsEmulated, int[] labels,
                                    int headParameters) {
        if (headParameters < 1) {
            throw new IllegalArgumentException("UDIM: headParameters must be >= 1, got " + headParameters);
        }
        Tensor onehot = onehot(labels, logitsSource.dim(1));
        Var es = logitsSource.softmax(1).sub(onehot);
        Var ee = logitsEmulated.softmax(1).sub(onehot);
        List<Var> vs = variances(hSource, es);
        List<Var> ve = variances(hEmulated, ee);
        Var pen = Var.scalar(0.0);
        for (int k = 0; k < vs.size(); k++) {
            // ½ Σ_d ‖v_d − v̄‖² over two domains is ¼ ‖v_o − v_s‖².
            pen = pen.add(vs.get(k).sub(ve.get(k)).square().sum().mul(0.25));
        }
        Var norms = hEmulated.square().sum(1, true).add(1.0).mul(ee.square().sum(1, true)).mean();
        return pen.add(norms.div(headParameters));
    }

    /** The per-sample head-gradient variances {@code [v_W, v_b]} of one domain. */
    private static List<Var> variances(Var h, Var e) {
        double n = h.dim(0);
        Var meanW = h.matmul(e, true, false).div(n);
        Var sqW = h.square().matmul(e.square(), true, false).div(n);
        Var vW = sqW.sub(meanW.square());
        Var vB = e.square().mean(0, false).sub(e.mean(0, false).square());
        List<Var> out = new ArrayList<>(2);
        out.add(vW);
        out.add(vB);
        return out;
    }

    private static Tensor onehot(int[] labels, int classes) {
        double[] o = new double[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("UDIM: label " + labels[i] + " of example " + i
                        + " is not a class 0.." + (classes - 1));
            }
            o[i * classes + labels[i]] = 1.0;
        }
        return Tensor.of(o, labels.length, classes);
    }

    private static int checkBatch(Tensor x, int[] labels) {
        int n = x.shape().length == 0 ? 0 : x.shape()[0];
        if (n == 0 || n != labels.length) {
            throw new IllegalArgumentException("UDIM: a batch of " + n + " inputs with " + labels.length
                    + " labels; they must agree and be at least one");
        }
        return n;
    }
}
