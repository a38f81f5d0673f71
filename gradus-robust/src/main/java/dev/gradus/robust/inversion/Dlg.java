package dev.gradus.robust.inversion;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * Deep Leakage from Gradients (Zhu, Liu &amp; Han, NeurIPS 2019, arXiv:1906.08935): dummy inputs and dummy label
 * logits are optimised together so that their gradient matches the observed one,
 *
 * <pre>
 * min_{x, u}  || grad_theta CE_soft(f_theta(x), softmax(u)) - g_obs ||_2^2,
 * CE_soft(z, q) = (1/N) sum_i -sum_c q_ic log softmax(z_i)_c
 * </pre>
 *
 * The original paper used L-BFGS. This version uses Adam on the stacked {@code [x | u]}, with x clipped to the box. The
 * recovered labels are {@code argmax u}. When the labels are known or inferred ({@link LabelInference}: iDLG), use
 * {@link PixelInversion} with {@link GradientDistance#L2} instead.
 */
public final class Dlg {
    private Dlg() {}

    /** Reconstructed inputs and labels. */
    public record Result(Tensor inputs, int[] labels, double objective) {}

    /** DLG against {@code model}'s observed gradient {@code observed} for {@code n} inputs of {@code d} features in {@code [lo, hi]}. */
    public static Result run(Module model, List<Tensor> observed, int n, int d, int classes, double lo, double hi,
            int iterations, double lr, RandomStream rng) {
        if (observed.size() != model.parameterNodes().size()) {
            throw new IllegalArgumentException("Dlg: " + observed.size() + " observed gradients for a model with "
                    + model.parameterNodes().size() + " parameter tensors");
        }
        Tensor start = Tensor.zeros(n, d + classes);
        double[] s = start.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                s[i * (d + classes) + j] = rng.uniform(lo, hi);
            }
            for (int c = 0; c < classes; c++) {
                s[i * (d + classes) + d + c] = rng.normal();
            }
        }
        ProjectedAdam.Result r = ProjectedAdam.minimize(start, v -> objective(model, observed, v, d), iterations, lr,
                v -> {
                    double[] a = v.data();
                    for (int i = 0; i < n; i++) {
                        for (int j = i * (d + classes); j < i * (d + classes) + d; j++) {
                            a[j] = a[j] < lo ? lo : a[j] > hi ? hi : a[j];
                        }
                    }
                });
        Tensor best = r.best();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int arg = 0;
            for (int c = 1; c < classes; c++) {
                if (best.data()[i * (d + classes) + d + c] > best.data()[i * (d + classes) + d + arg]) {
                    arg = c;
                }
            }
            labels[i] = arg;
        }
        return new Result(best.narrow(1, 0, d), labels, r.objective());
    }

    private static Var objective(Module model, List<Tensor> observed, Var v, int d) {
        Var x = v.narrow(1, 0, d);
        Var q = v.narrow(1, d, v.dim(1) - d).softmax(1);
        Var ce = q.mul(model.forward(x).logSoftmax(1)).sum(1, false).mean().neg();
        List<Var> g = Autodiff.gradGraph(ce, model.parameterNodes());
        return GradientDistance.L2.distance(g, observed);
    }
}
