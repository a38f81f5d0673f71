package dev.gradus.robust.inversion;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.tensor.Tensor;
import java.util.List;

/**
 * The gradient-matching objective of gradient inversion: for dummy inputs x with the known (or inferred) labels y,
 *
 * <pre>
 * R(x) = D( grad_theta CE(f_theta(x), y), g_obs ) + tv * TV(x as [N, H, W])
 * </pre>
 *
 * with D a {@link GradientDistance}, CE the mean cross-entropy, theta every trainable parameter of the observed model
 * in {@link Module#parameterNodes()} order, and g_obs the gradient the server saw. The inner gradient is built with
 * {@link Autodiff#gradGraph} so that R is differentiable in x.
 */
public final class GradientMatching {
    private final Module model;
    private final int[] labels;
    private final List<Tensor> observed;
    private final GradientDistance distance;
    private final double tv;
    private final int height;
    private final int width;

    /**
     * The objective for {@code model}'s observed gradient {@code observed} (in parameter order) of a batch with
     * {@code labels}; {@code tv} weighs the TV prior of the inputs viewed as {@code height x width} images (0 for none).
     */
    public GradientMatching(Module model, int[] labels, List<Tensor> observed, GradientDistance distance, double tv,
            int height, int width) {
        if (observed.size() != model.parameterNodes().size()) {
            throw new IllegalArgumentException("GradientMatching: " + observed.size() + " observed gradients for a model"
                    + " with " + model.parameterNodes().size() + " parameter tensors");
        }
        if (!(tv >= 0)) {
            throw new IllegalArgumentException("GradientMatching: tv weight must be >= 0, got " + tv);
        }
        this.model = model;
        this.labels = labels.clone();
        this.observed = List.copyOf(observed);
        this.distance = distance;
        this.tv = tv;
        this.height = height;
        this.width = width;
    }

    /** The parameter gradient of the mean cross-entropy of {@code model} on {@code x} with {@code labels}: what a client shares. */
    public static List<Tensor> observe(Module model, Tensor x, int[] labels) {
        Var loss = Losses.softmaxCrossEntropy(model.forward(Var.constant(x)), labels);
        return Autodiff.grad(loss, model.parameterNodes());
    }

    /** R(x) for inputs {@code x} ({@code [N, D]} with D = height * width). */
    public Var objective(Var x) {
        Var loss = Losses.softmaxCrossEntropy(model.forward(x), labels);
        List<Var> g = Autodiff.gradGraph(loss, model.parameterNodes());
        Var r = distance.distance(g, observed);
        return tv > 0 ? r.add(TotalVariation.of(x.reshape(x.dim(0), height, width)).mul(tv)) : r;
    }
}
