package dev.gradus.nn;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Per-example gradients of a model's loss, from one forward and one backward pass over the batch: what
 * DP-SGD (flat and per-layer clipping), DiceSGD, gradient-coherence and per-domain gradient statistics need.
 *
 * <pre>{@code
 * PerSampleGradients ps = PerSampleGradients.of(model, new CrossEntropyLoss());
 * PerSampleBatch b = ps.compute(x, y);          // x [B, ...], y with one row per example
 * double[] norms = b.norms();                   // ||grad l_i|| over all parameters, without forming grad l_i
 * double[] c = new double[b.size()];
 * for (int i = 0; i < c.length; i++) c[i] = Math.min(1, maxNorm / (norms[i] + 1e-6));
 * TensorMap clippedSum = b.weightedSum(c);      // sum_i c_i grad l_i, by parameter name
 * TensorMap each = b.gradients();               // or every grad l_i: name -> [B, ...parameter shape]
 * // m-coherence of the weight gradients: ||sum_i g_i||^2 / sum_i ||g_i||^2
 * PerSampleBatch w = ps.parameters(n -> n.endsWith("weight")).compute(x, y);
 * }</pre>
 *
 * <p><b>Convention.</b> The gradient of example {@code i} is {@code grad l_i}, the gradient of the loss the
 * {@link Loss} gives a batch holding that example alone ({@link Loss#perExample}), whatever its reduction: it is
 * not divided by the batch size. For a mean-reduced loss the usual batch gradient is therefore
 * {@code (1/B) sum_i grad l_i}, {@code weightedSum} with all weights {@code 1/B}. Names are those of
 * {@link Module#namedParameters()} ({@code 0.weight}); {@link #parameters} selects a subset.
 *
 * <p><b>How.</b> The forward pass runs with every parameter bound to a constant, and the layers with a
 * per-sample rule report, through {@link PerSampleTap}, each output a parameter enters together with its input.
 * One backward pass of {@code sum_i l_i} then gives the gradient {@code G} of each reported output, and no
 * parameter gradient. Per layer, {@code G} and the recorded input give every example's gradient, its norm
 * without forming it (the ghost norm: {@code ||G_i||^2 ||X_i||^2} for a dense layer), and any weighted sum
 * {@code sum_i w_i grad l_i} as one matrix product, with no second backward pass. Batched rules exist for
 * {@link Linear} (any leading dimensions), {@link Conv2d}, {@link LayerNorm}, {@link LinearSelfAttention} (both
 * forms) and {@link SoftmaxSelfAttention}; parameter-free layers ({@link ReLU}, {@link Flatten},
 * {@link MaxPool2d}, {@link Dropout}, ...) need none, as the backward pass goes through them.
 *
 * <p><b>The per-example loop.</b> A parameter of any other module (one that does not report to its tap, such as
 * {@link BatchNorm1d} in evaluation mode or a custom layer), or one that is read more often than it is reported
 * (shared with such a module), gets its gradients from a loop instead: for each example {@code i} alone, one
 * forward pass of the model and one backward pass of {@code l_i} for those parameters only. It costs one pass
 * per example; {@link PerSampleBatch#paths()} says which path each parameter took and {@link PerSampleBatch#toString()}
 * why.
 *
 * <p><b>What is refused.</b>
 * <ul>
 *   <li>{@link BatchNorm1d} in training mode: it normalises with statistics of the whole batch, so an example's
 *       gradient depends on the other examples. Use {@link LayerNorm} instead, or put that layer in evaluation
 *       mode (running statistics, then it goes through the loop).</li>
 *   <li>The loop together with a {@link Stochastic} module in training mode (such as {@link Dropout}): the loop
 *       could not draw the same random numbers per example as the batch did. Without the loop Dropout is fine:
 *       each example's gradient is taken under the mask that example drew in the batched forward pass, and the
 *       streams advance exactly as in one forward pass of the batch. As Dropout draws one uniform per element
 *       in row-major order, those are also the masks that a loop over the examples in order, started from the
 *       same {@link Module#randomStates()}, would draw, as long as each Dropout layer has a stream of its own
 *       (as {@link Mlp} builds them) and sees the batch first.</li>
 * </ul>
 * A refusal or any other failure changes nothing: the random streams are restored. Every layer must keep the
 * batch as its first dimension (checked for the layers that report) and treat examples independently, as
 * everything but training-mode BatchNorm does here.
 *
 * <p><b>Threads.</b> {@link #compute} binds the parameters and sets the taps of the model's modules, like
 * {@link Module#call}: it must not run concurrently with another forward pass of the same model.
 */
public final class PerSampleGradients {

    /** How a parameter's per-example gradients were computed. */
    public enum Path {
        /** From the batch's one backward pass and the layer's per-sample rule (or zero, for an unused parameter). */
        BATCHED,
        /** From one forward and one backward pass per example. */
        LOOP
    }

    private final Module model;
    private final Loss loss;
    private final Predicate<String> names;

    private PerSampleGradients(Module model, Loss loss, Predicate<String> names) {
        this.model = Objects.requireNonNull(model, "PerSampleGradients: model is null");
        this.loss = Objects.requireNonNull(loss, "PerSampleGradients: loss is null");
        this.names = Objects.requireNonNull(names, "PerSampleGradients: parameter filter is null");
    }

    /** Per-example gradients of {@code loss} for every trainable parameter of {@code model}. */
    public static PerSampleGradients of(Module model, Loss loss) {
        return new PerSampleGradients(model, loss, name -> true);
    }

    /**
     * The same computation restricted to the trainable parameters whose names pass {@code names}, such as
     * {@code n -> n.endsWith("weight")} or the classifier head only; the others get no per-example gradient
     * and cost nothing beyond the backward pass.
     */
    public PerSampleGradients parameters(Predicate<String> names) {
        return new PerSampleGradients(model, loss, names);
    }

    /**
     * Refuses a model whose per-example gradients depend on the other examples (a BatchNorm1d in training mode),
     * with the message {@link #compute} would give: for checking before training starts.
     *
     * @throws IllegalArgumentException naming the module and what to use instead
     */
    public void requireSupported() {
        refuseBatchStatistics(model.namedModules());
    }

    /**
     * One forward and one backward pass over the batch {@code x} (examples along the first dimension) with
     * targets {@code y} (one row per example), plus the per-example loop for parameters that need it.
     *
     * @throws IllegalArgumentException for a training-mode BatchNorm1d, for the loop with a stochastic module
     *     in training mode, for inputs without one row per example, or when no parameter is selected
     */
    public PerSampleBatch compute(Tensor x, Tensor y) {
        if (x.rank() == 0 || x.dim(0) == 0) {
            throw new IllegalArgumentException("per-sample gradients: input " + Arrays.toString(x.shape())
                    + " has no batch dimension with at least one example");
        }
        int batch = x.dim(0);
        if (y.rank() == 0 || y.dim(0) != batch) {
            throw new IllegalArgumentException("per-sample gradients: target " + Arrays.toString(y.shape())
                    + " does not have one row per example of the input " + Arrays.toString(x.shape()));
        }
        Map<String, Module> modules = model.namedModules();
        refuseBatchStatistics(modules);
        LinkedHashMap<String, Parameter> selected = new LinkedHashMap<>();
        Map<String, Var> constants = new LinkedHashMap<>();
        model.allParameters().forEach((name, p) -> {
            if (p.trainable()) {
                constants.put(name, Var.constant(p.value()));
                if (names.test(name)) {
                    selected.put(name, p);
                }
            }
        });
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("per-sample gradients: no trainable parameter selected; the model has "
                    + constants.keySet());
        }
        Map<Parameter, String> byIdentity = new IdentityHashMap<>();
        selected.forEach((name, p) -> byIdentity.put(p, name));
        long[] readsBefore = new long[selected.size()];
        int k = 0;
        for (Parameter p : selected.values()) {
            readsBefore[k++] = p.boundReads();
        }

        Map<String, long[]> streams = model.randomStates();
        PerSampleRecorder recorder = new PerSampleRecorder(byIdentity, batch);
        Tensor[] lossesAndOutput;
        try {
            lossesAndOutput = recordAndBackward(modules, recorder, constants, x, y, batch);
        } catch (RuntimeException e) {
            model.loadRandomStates(streams); // a failed call leaves the streams as it found them
            throw e;
        }

        LinkedHashMap<String, List<PerSampleUse>> uses = new LinkedHashMap<>();
        LinkedHashMap<String, String> loopReasons = new LinkedHashMap<>();
        k = 0;
        for (Map.Entry<String, Parameter> e : selected.entrySet()) {
            Parameter p = e.getValue();
            long reads = p.boundReads() - readsBefore[k++];
            List<PerSampleUse> recorded = recorder.uses(p);
            if (reads == recorded.size()) {
                uses.put(e.getKey(), recorded); // no use at all: the loss does not depend on it
            } else {
                uses.put(e.getKey(), null);
                loopReasons.put(e.getKey(), recorded.isEmpty()
                        ? "module " + owner(modules, p) + " has no batched per-sample rule"
                        : "read " + reads + " times in the forward pass but reported " + recorded.size()
                                + " times by its layer (shared with a module without a batched rule?)");
            }
        }
        if (!loopReasons.isEmpty()) {
            refuseStochasticLoop(modules, loopReasons, streams);
            loop(selected, loopReasons.keySet(), constants, x, y, batch).forEach(uses::put);
        }
        return new PerSampleBatch(batch, lossesAndOutput[0], lossesAndOutput[1], selected, uses, loopReasons);
    }

    /**
     * The recording forward pass and the backward pass that fills every probe; returns the losses {@code [B]} and
     * the model's output.
     */
    private Tensor[] recordAndBackward(Map<String, Module> modules, PerSampleRecorder recorder, Map<String, Var> constants,
                                     Tensor x, Tensor y, int batch) {
        try (GradMode.Scope ignored = GradMode.enableGrad()) {
            Var prediction;
            modules.forEach((path, m) -> m.setPerSampleTap(recorder.tap(path, m)));
            try {
                prediction = model.call(constants, Var.constant(x));
            } finally {
                modules.values().forEach(m -> m.setPerSampleTap(null));
            }
            Var losses = perExampleLosses(prediction, y, batch);
            List<PerSampleUse.Probe> probes = recorder.probes();
            if (losses.requiresGrad()) {
                List<Var> nodes = new ArrayList<>(probes.size());
                for (PerSampleUse.Probe p : probes) {
                    nodes.add(p.node);
                }
                List<Tensor> grads = Autodiff.grad(losses, nodes, Tensor.ones(batch), true);
                for (int i = 0; i < probes.size(); i++) {
                    probes.get(i).grad = grads.get(i);
                }
            }
            return new Tensor[] {losses.value(), prediction.value()};
        }
    }

    private Var perExampleLosses(Var prediction, Tensor y, int batch) {
        Var losses = loss.perExample(prediction, y);
        if (losses.rank() != 1 || losses.dim(0) != batch) {
            throw new IllegalStateException("per-sample gradients: " + loss.getClass().getSimpleName()
                    + ".perExample gave shape " + Arrays.toString(losses.shape()) + " for a batch of " + batch
                    + " examples; it must give one loss per example");
        }
        return losses;
    }

    /**
     * Per-example gradients of the {@code looped} parameters, one forward and one backward pass per example,
     * with every other parameter held constant.
     */
    private Map<String, List<PerSampleUse>> loop(Map<String, Parameter> selected, Iterable<String> looped,
                                                 Map<String, Var> constants, Tensor x, Tensor y, int batch) {
        Map<String, Var> bindings = new LinkedHashMap<>(constants);
        List<String> names = new ArrayList<>();
        List<Var> leaves = new ArrayList<>();
        for (String name : looped) {
            Var leaf = Var.param(selected.get(name).value());
            bindings.put(name, leaf);
            names.add(name);
            leaves.add(leaf);
        }
        double[][] grads = new double[names.size()][];
        for (int j = 0; j < grads.length; j++) {
            grads[j] = new double[batch * leaves.get(j).value().size()];
        }
        try (GradMode.Scope ignored = GradMode.enableGrad()) {
            for (int i = 0; i < batch; i++) {
                Var prediction = model.call(bindings, Var.constant(x.narrow(0, i, 1)));
                Var li = perExampleLosses(prediction, y.narrow(0, i, 1), 1);
                if (!li.requiresGrad()) {
                    continue; // the loss does not depend on these parameters
                }
                List<Tensor> g = Autodiff.grad(li, leaves, null, true);
                for (int j = 0; j < grads.length; j++) {
                    double[] gj = g.get(j).data();
                    System.arraycopy(gj, 0, grads[j], i * gj.length, gj.length);
                }
            }
        }
        Map<String, List<PerSampleUse>> out = new LinkedHashMap<>();
        for (int j = 0; j < grads.length; j++) {
            out.put(names.get(j), List.of(new LoopedUse(grads[j], batch, leaves.get(j).value().size())));
        }
        return out;
    }

    private static void refuseBatchStatistics(Map<String, Module> modules) {
        modules.forEach((path, m) -> {
            if (m instanceof BatchNorm1d && m.isTraining()) {
                throw new IllegalArgumentException("per-sample gradients: module " + describe(path, m) + " is in training"
                        + " mode, where it normalises with statistics of the whole batch, so one example's gradient"
                        + " depends on the others; use LayerNorm instead, or switch that layer to eval mode"
                        + " (model.module(\"" + path + "\").eval()) to normalise with its running statistics");
            }
        });
    }

    private void refuseStochasticLoop(Map<String, Module> modules, Map<String, String> loopReasons,
                                      Map<String, long[]> streams) {
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            Module m = e.getValue();
            if (m instanceof Stochastic && m.isTraining()) {
                model.loadRandomStates(streams); // the refused call leaves the streams as it found them
                Map.Entry<String, String> first = loopReasons.entrySet().iterator().next();
                throw new IllegalArgumentException("per-sample gradients: parameter" + (loopReasons.size() > 1 ? "s " : " ")
                        + loopReasons.keySet() + " need the per-example loop (" + first.getKey() + ": " + first.getValue()
                        + "), which cannot repeat the random draws that module " + describe(e.getKey(), m)
                        + " made for the batch in training mode; put the model in eval mode, or give the layer a"
                        + " batched rule (PerSampleTap)");
            }
        }
    }

    /** The module that owns {@code p}, as {@code 'path' (Type)}. */
    private static String owner(Map<String, Module> modules, Parameter p) {
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            for (Parameter q : e.getValue().localParameters().values()) {
                if (q == p) {
                    return describe(e.getKey(), e.getValue());
                }
            }
        }
        return "(unknown)";
    }

    private static String describe(String path, Module m) {
        return (path.isEmpty() ? "(the model)" : "'" + path + "'") + " (" + m.getClass().getSimpleName() + ")";
    }
}
