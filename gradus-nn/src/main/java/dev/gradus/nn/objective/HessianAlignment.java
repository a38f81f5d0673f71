package dev.gradus.nn.objective;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Hessian-alignment penalties over per-domain losses (Hemati, Zhang, Estiri, Chen, "Understanding Hessian
 * Alignment for Domain Generalization", ICCV 2023; official code {@code huawei-noah/Federated-Learning
 * HessianAlignment/cmnist_HGP.py, cmnist_Hutchinson.py}). For domains {@code e = 1..E} with losses {@code L_e},
 * the pooled loss {@code L̄ = (1/E) Σ_e L_e}, and {@code θ} the classifier-head parameters:
 * <pre>
 *   g_e = ∇_θ L_e,   ḡ = ∇_θ L̄
 *   HGP:         H_e g_e = ‖g_e‖ ∇_θ‖g_e‖ = ∇_θ(½‖g_e‖²),      H̄ḡ = ∇_θ(½‖ḡ‖²)
 *                penalty = Σ_e ‖H_e g_e − H̄ḡ‖² + Σ_e ‖g_e − ḡ‖²
 *   Hutchinson:  D̂_e = (1/S) Σ_s z_s ⊙ ∇_θ(g_e · z_s),  z_s Rademacher;   D̄ likewise from L̄
 *                penalty = Σ_e ‖D̂_e − D̄‖² + Σ_e ‖g_e − ḡ‖²
 * </pre>
 * Every quantity is a differentiable {@link Var} (double backward through {@link Autodiff#gradGraph}), so the
 * penalty's gradient reaches the feature extractor below the head: third-order derivatives of the network.
 *
 * <p>Deviations from the reference code: {@code H_e g_e} is taken as {@code ∇(½‖g_e‖²)} rather than
 * {@code ‖g_e‖·∇‖g_e‖} (equal, and defined at {@code g_e = 0}); the Hutchinson estimates of all domains and of the
 * pooled loss share one set of probes (common random numbers: the same expectation, less variance in
 * {@code D̂_e − D̄}), where the reference draws fresh probes for each. Its default is {@code S = 150}.
 */
public final class HessianAlignment {

    /** The reference code's number of Hutchinson probes. */
    public static final int DEFAULT_PROBES = 150;

    private HessianAlignment() {
    }

    /** {@code ∇_θ L} as one flat differentiable vector over the parameters {@code head}, in order. */
    public static Var gradient(Var loss, List<Var> head) {
        return flat(Autodiff.gradGraph(loss, head, null, true));
    }

    /** The Hessian-gradient product {@code H g = ∇_θ(½‖g‖²)} for {@code g = ∇_θ L}, flat and differentiable. */
    public static Var hessianGradientProduct(Var loss, List<Var> head) {
        return productOfGradient(gradient(loss, head), head);
    }

    private static Var productOfGradient(Var g, List<Var> head) {
        Var half = g.dot(g).mul(0.5);
        return flat(Autodiff.gradGraph(half, head, null, true));
    }

    /** Hutchinson's estimate {@code (1/S) Σ_s z_s ⊙ H z_s} of the Hessian diagonal, over the given probes. */
    public static Var hutchinsonDiagonal(Var loss, List<Var> head, List<Tensor> probes) {
        return diagonalOfGradient(gradient(loss, head), head, probes);
    }

    private static Var diagonalOfGradient(Var g, List<Var> head, List<Tensor> probes) {
        if (probes.isEmpty()) {
            throw new IllegalArgumentException("hutchinson: needs at least one probe");
        }
        Var sum = null;
        for (Tensor z : probes) {
            if (z.size() != g.value().size()) {
                throw new IllegalArgumentException("hutchinson: a probe has " + z.size() + " entries, the head has "
                        + g.value().size() + " parameters");
            }
            Var zv = Var.constant(z);
            Var hz = flat(Autodiff.gradGraph(g.dot(zv), head, null, true));
            Var term = hz.mul(zv);
            sum = sum == null ? term : sum.add(term);
        }
        return sum.div(probes.size());
    }

    /** {@code S} Rademacher probes of {@code n} entries each. */
    public static List<Tensor> rademacherProbes(int n, int s, RandomStream rng) {
        List<Tensor> out = new ArrayList<>(s);
        for (int p = 0; p < s; p++) {
            double[] z = new double[n];
            for (int i = 0; i < n; i++) {
                z[i] = rng.bernoulli(0.5) ? 1.0 : -1.0;
            }
            out.add(Tensor.of(z, n));
        }
        return out;
    }

    /** The HGP penalty {@code Σ_e ‖H_e g_e − H̄ḡ‖² + Σ_e ‖g_e − ḡ‖²}. */
    public static Var hgpPenalty(List<Var> domainLosses, List<Var> head) {
        requireDomains(domainLosses);
        Var gBar = gradient(pooled(domainLosses), head);
        Var hgBar = productOfGradient(gBar, head);
        Var total = null;
        for (Var le : domainLosses) {
            Var ge = gradient(le, head);
            Var term = squaredDistance(productOfGradient(ge, head), hgBar).add(squaredDistance(ge, gBar));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** The Hutchinson penalty {@code Σ_e ‖D̂_e − D̄‖² + Σ_e ‖g_e − ḡ‖²} with {@code probes} shared probes. */
    public static Var hutchinsonPenalty(List<Var> domainLosses, List<Var> head, RandomStream rng, int probes) {
        requireDomains(domainLosses);
        if (probes < 1) {
            throw new IllegalArgumentException("hutchinson: probes must be >= 1, got " + probes);
        }
        Var gBar = gradient(pooled(domainLosses), head);
        List<Tensor> z = rademacherProbes(gBar.value().size(), probes, rng);
        Var dBar = diagonalOfGradient(gBar, head, z);
        Var total = null;
        for (Var le : domainLosses) {
            Var ge = gradient(le, head);
            Var term = squaredDistance(diagonalOfGradient(ge, head, z), dBar).add(squaredDistance(ge, gBar));
            total = total == null ? term : total.add(term);
        }
        return total;
    }

    /** {@code L̄ = (1/E) Σ_e L_e}. */
    public static Var pooled(List<Var> domainLosses) {
        Var sum = domainLosses.get(0);
        for (int e = 1; e < domainLosses.size(); e++) {
            sum = sum.add(domainLosses.get(e));
        }
        return sum.div(domainLosses.size());
    }

    private static Var squaredDistance(Var a, Var b) {
        Var d = a.sub(b);
        return d.dot(d);
    }

    private static Var flat(List<Var> parts) {
        List<Var> flat = new ArrayList<>(parts.size());
        for (Var p : parts) {
            flat.add(p.reshape(-1));
        }
        return flat.size() == 1 ? flat.get(0) : Var.concat(flat, 0);
    }

    private static void requireDomains(List<Var> domainLosses) {
        if (domainLosses.isEmpty()) {
            throw new IllegalArgumentException("hessian alignment: needs at least one domain loss");
        }
    }
}
