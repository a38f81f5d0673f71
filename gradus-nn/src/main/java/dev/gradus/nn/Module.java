package dev.gradus.nn;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A building block of a model, in the manner of PyTorch's {@code torch.nn.Module}: it owns named
 * {@link Parameter}s, named buffers and named child modules, and maps an input to an output in
 * {@code forward}.
 *
 * <pre>{@code
 * RandomStream rng = RandomStream.of(42);
 * Module model = Mlp.builder(784).hidden(256, 256).outputs(10).build(rng);
 * Var logits = model.forward(Var.constant(x));          // x: [batch, 784]
 * Var loss = new CrossEntropyLoss().apply(logits, labels);
 * TensorMap grads = model.gradients(loss);              // by parameter name
 * optimizer.step(model.namedParameters(), grads, state); // updates the live tensors in place
 * }</pre>
 *
 * <p><b>Names.</b> A child's parameters are named by the path through the tree, joined by dots:
 * {@code encoder.0.weight}. Order is stable: a module's own parameters in registration order, then each
 * child's, depth first, in registration order (PyTorch's order, so names and order match a PyTorch model
 * built the same way). Registering a child names its parameters' autodiff leaves by these paths, so that
 * errors about a parameter say {@code 0.weight}; the names grow as the tree is assembled.
 *
 * <p><b>Parameters and buffers.</b> {@link #namedParameters()} returns the live tensors of the trainable
 * parameters; optimizers update their arrays in place. Buffers ({@link #namedBuffers()}) are state that is
 * saved and loaded but not trained, such as BatchNorm's running statistics. {@link #stateDict()} holds
 * both; {@link #loadStateDict} checks all names and shapes before it copies anything, so a mismatch never
 * leaves the model half-loaded.
 *
 * <p><b>Modes.</b> A module starts in training mode. {@link #eval()} and {@link #train()} switch the whole
 * subtree; Dropout and BatchNorm behave differently in the two modes.
 *
 * <p><b>Randomness.</b> Modules that draw random numbers in the forward pass implement {@link Stochastic};
 * their stream positions are read and restored by name with {@link #randomStates()} and
 * {@link #loadRandomStates}.
 *
 * <p><b>Threads.</b> The forward pass of the built-in layers only reads the module, except in training mode
 * where Dropout draws from its stream and BatchNorm updates its running statistics; so several threads
 * may run {@code forward} on one model in evaluation mode (or a model without those layers) at once.
 * {@link #call} binds parameters in place and must not run concurrently with other forward passes of the
 * same model; registration and {@link #loadStateDict} are single-threaded too.
 */
public abstract class Module {
    private final LinkedHashMap<String, Parameter> parameters = new LinkedHashMap<>();
    private final LinkedHashMap<String, Tensor> buffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;
    /** Set only while {@link PerSampleGradients} records a forward pass of this module; see {@link #perSampleTap()}. */
    private PerSampleTap perSampleTap;

    /**
     * Bumped whenever any module registers anything, so that the flattened views below, cached per module
     * for the hot path (one forward and one gradient per training step), are rebuilt after a change.
     */
    private static final AtomicLong STRUCTURE_VERSION = new AtomicLong();

    private record ParameterView(long version, Map<String, Parameter> parameters) {}

    private volatile ParameterView parameterView;

    /**
     * The trainable parameters' names and leaves, for {@link #gradients} once per step: rebuilt when the
     * parameter view above is (a new map) or a parameter was frozen or unfrozen since.
     */
    private record TrainableView(Map<String, Parameter> source, String[] names, List<Var> leaves, boolean[] trainable) {}

    private volatile TrainableView trainableView;

    /** Registers a parameter under a local name and returns it. */
    protected final Parameter addParameter(String name, Tensor value) {
        checkLocalName(name);
        Parameter p = new Parameter(value);
        p.setName(name);
        parameters.put(name, p);
        STRUCTURE_VERSION.incrementAndGet();
        return p;
    }

    /** Registers a buffer (state that is saved but not trained) under a local name and returns it. */
    protected final Tensor addBuffer(String name, Tensor value) {
        checkLocalName(name);
        if (value == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": buffer '" + name + "' is null");
        }
        buffers.put(name, value);
        STRUCTURE_VERSION.incrementAndGet();
        return value;
    }

    /** Registers a child module under a local name and returns it. */
    protected final <M extends Module> M addModule(String name, M child) {
        checkLocalName(name);
        if (child == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": module '" + name + "' is null");
        }
        if (child == this) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot contain itself");
        }
        children.put(name, child);
        STRUCTURE_VERSION.incrementAndGet();
        // names grow as the tree is assembled bottom-up: "weight", then "0.weight", then "encoder.0.weight"
        child.allParameters().forEach((path, p) -> p.setName(join(name, path)));
        return child;
    }

    private void checkLocalName(String name) {
        String where = getClass().getSimpleName();
        if (name == null || name.isEmpty() || name.indexOf('.') >= 0) {
            throw new IllegalArgumentException(where + ": local name must be non-empty and contain no '.', got '"
                    + name + "'");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(where + ": name '" + name + "' is already registered");
        }
    }

    // -------------------------------------------------------------- forward

    /**
     * Maps {@code input} to the output, recording the autodiff graph when grad mode is on. Layers read their
     * parameters through {@link Parameter#node()}.
     */
    public abstract Var forward(Var input);

    /**
     * The recorder of a per-sample gradient computation ({@link PerSampleGradients}) while it runs this module's
     * forward pass, and null otherwise. A layer with a batched per-sample rule reports how its parameters enter
     * its output ({@link PerSampleTap}) and continues with the var the tap returns; when the tap is null (every
     * ordinary forward pass) this is one field read.
     */
    protected final PerSampleTap perSampleTap() {
        return perSampleTap;
    }

    void setPerSampleTap(PerSampleTap tap) {
        this.perSampleTap = tap;
    }

    /** {@link #forward(Var)} on a constant input. */
    public final Var forward(Tensor input) {
        return forward(Var.constant(input));
    }

    /**
     * Runs {@link #forward(Var)} with the parameters named in {@code params} replaced by the given vars (a
     * functional call, like {@code torch.func.functional_call}); parameters not named keep their own leaf.
     * The model's tensors are not touched. An unknown name or a wrong shape is an error, and nothing is
     * bound then.
     */
    public final Var call(Map<String, Var> params, Var input) {
        Map<String, Parameter> all = allParameters();
        for (Map.Entry<String, Var> e : params.entrySet()) {
            Parameter p = all.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".call: no parameter named '" + e.getKey()
                        + "'; names are " + all.keySet());
            }
            if (!Arrays.equals(p.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".call: parameter '" + e.getKey()
                        + "' has shape " + Arrays.toString(p.shape()) + ", got " + Arrays.toString(e.getValue().shape()));
            }
        }
        List<Parameter> bound = new ArrayList<>();
        List<Var> previous = new ArrayList<>();
        try {
            for (Map.Entry<String, Var> e : params.entrySet()) {
                Parameter p = all.get(e.getKey());
                previous.add(p.bind(e.getValue()));
                bound.add(p);
            }
            return forward(input);
        } finally {
            for (int i = bound.size() - 1; i >= 0; i--) { // restores an enclosing call's bindings too
                bound.get(i).bind(previous.get(i));
            }
        }
    }

    // ----------------------------------------------------------------- tree

    /** The direct children, by local name, in registration order (unmodifiable). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** This module's own parameters, by local name (unmodifiable). */
    public final Map<String, Parameter> localParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** This module's own buffers, by local name (unmodifiable). */
    public final Map<String, Tensor> localBuffers() {
        return Collections.unmodifiableMap(buffers);
    }

    /**
     * Every module in the tree, this one first under the name {@code ""}, then depth first by dotted path.
     */
    public final Map<String, Module> namedModules() {
        LinkedHashMap<String, Module> out = new LinkedHashMap<>();
        collectModules("", out);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        children.forEach((name, child) -> child.collectModules(join(prefix, name), out));
    }

    /** The child module at a dotted path ({@code "encoder.0"}); an error names the missing step. */
    public final Module module(String path) {
        Module m = this;
        for (String step : path.split("\\.")) {
            Module next = m.children.get(step);
            if (next == null) {
                throw new IllegalArgumentException("no module '" + step + "' in '" + path + "'; "
                        + m.getClass().getSimpleName() + " has children " + m.children.keySet());
            }
            m = next;
        }
        return m;
    }

    // ----------------------------------------------------------- parameters

    /** Every parameter, trainable or frozen, by dotted name, in the stable order (unmodifiable). */
    public final Map<String, Parameter> allParameters() {
        long version = STRUCTURE_VERSION.get();
        ParameterView view = parameterView;
        if (view == null || view.version() != version) {
            LinkedHashMap<String, Parameter> out = new LinkedHashMap<>();
            namedModules().forEach((prefix, m) -> m.parameters.forEach((name, p) -> out.put(join(prefix, name), p)));
            view = new ParameterView(version, Collections.unmodifiableMap(out));
            parameterView = view;
        }
        return view.parameters();
    }

    /**
     * The live values of the trainable parameters, by dotted name, in the stable order. The tensors are
     * the model's own: an optimizer that updates them in place updates the model.
     */
    public final TensorMap namedParameters() {
        TensorMap out = new TensorMap();
        allParameters().forEach((name, p) -> {
            if (p.trainable()) {
                out.put(name, p.value());
            }
        });
        return out;
    }

    /** The live buffers, by dotted name, in the stable order. */
    public final TensorMap namedBuffers() {
        TensorMap out = new TensorMap();
        namedModules().forEach((prefix, m) -> m.buffers.forEach((name, b) -> out.put(join(prefix, name), b)));
        return out;
    }

    /** The autodiff leaves of the trainable parameters, in the order of {@link #namedParameters()}. */
    public final List<Var> parameterNodes() {
        List<Var> out = new ArrayList<>();
        allParameters().forEach((name, p) -> {
            if (p.trainable()) {
                out.add(p.leaf());
            }
        });
        return out;
    }

    /** The autodiff leaves of the trainable parameters, by dotted name, in the stable order. */
    public final Map<String, Var> namedParameterNodes() {
        LinkedHashMap<String, Var> out = new LinkedHashMap<>();
        allParameters().forEach((name, p) -> {
            if (p.trainable()) {
                out.put(name, p.leaf());
            }
        });
        return out;
    }

    /**
     * The gradient of the scalar {@code loss} with respect to every trainable parameter, by dotted name in the
     * order of {@link #namedParameters()}: the map that an optimizer's {@code step} takes. Fresh tensors;
     * the parameters' accumulated {@code grad()} is not touched. A parameter that the loss does not depend
     * on gets zeros (where PyTorch leaves {@code None}), so the map always has every name.
     */
    public final TensorMap gradients(Var loss) {
        TrainableView view = trainableView();
        List<Tensor> grads = Autodiff.grad(loss, view.leaves(), null, true);
        TensorMap out = new TensorMap();
        for (int i = 0; i < view.names().length; i++) {
            out.put(view.names()[i], grads.get(i));
        }
        return out;
    }

    private TrainableView trainableView() {
        Map<String, Parameter> all = allParameters();
        TrainableView view = trainableView;
        if (view != null && view.source() == all && sameTrainable(view, all)) {
            return view;
        }
        List<String> names = new ArrayList<>();
        List<Var> leaves = new ArrayList<>();
        boolean[] trainable = new boolean[all.size()];
        int i = 0;
        for (Map.Entry<String, Parameter> e : all.entrySet()) {
            trainable[i++] = e.getValue().trainable();
            if (e.getValue().trainable()) {
                names.add(e.getKey());
                leaves.add(e.getValue().leaf());
            }
        }
        view = new TrainableView(all, names.toArray(new String[0]), List.copyOf(leaves), trainable);
        trainableView = view;
        return view;
    }

    /** Freezing or unfreezing a parameter changes the trainable set without changing the structure. */
    private static boolean sameTrainable(TrainableView view, Map<String, Parameter> all) {
        int i = 0;
        for (Parameter p : all.values()) {
            if (p.trainable() != view.trainable()[i++]) {
                return false;
            }
        }
        return true;
    }

    /** The number of trainable scalars. */
    public final long parameterCount() {
        return namedParameters().numel();
    }

    /**
     * Everything to save: all parameters (frozen ones included) and all buffers, live, by dotted name. Module
     * by module, parameters come before buffers, as in PyTorch's {@code state_dict()}. Copy it
     * ({@link TensorMap#copy()}) to keep a snapshot.
     */
    public final TensorMap stateDict() {
        TensorMap out = new TensorMap();
        namedModules().forEach((prefix, m) -> {
            m.parameters.forEach((name, p) -> out.put(join(prefix, name), p.value()));
            m.buffers.forEach((name, b) -> out.put(join(prefix, name), b));
        });
        return out;
    }

    /**
     * Copies {@code state} into the parameters and buffers. Names and shapes must match {@link #stateDict()}
     * exactly; otherwise nothing is written and the error lists the missing, extra and wrongly shaped names.
     */
    public final void loadStateDict(TensorMap state) {
        TensorMap own = stateDict();
        own.requireSameStructure(getClass().getSimpleName() + ".loadStateDict", state);
        own.forEach((name, t) -> t.assign(state.get(name)));
    }

    // ----------------------------------------------------------------- modes

    /** Switches this module and all its descendants to training mode; returns this module. */
    public final Module train() {
        return train(true);
    }

    /** Switches this module and all its descendants to evaluation mode; returns this module. */
    public final Module eval() {
        return train(false);
    }

    /** Sets training ({@code true}) or evaluation mode on the whole subtree; returns this module. */
    public final Module train(boolean mode) {
        for (Module m : namedModules().values()) {
            m.training = mode;
        }
        return this;
    }

    /** True in training mode. */
    public final boolean isTraining() {
        return training;
    }

    // ----------------------------------------------------------- randomness

    /** The position of every {@link Stochastic} module's stream, keyed by {@code <module path>.rng}. */
    public final Map<String, long[]> randomStates() {
        LinkedHashMap<String, long[]> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> {
            if (m instanceof Stochastic s) {
                out.put(join(path, "rng"), s.randomStream().state());
            }
        });
        return out;
    }

    /**
     * Restores stream positions saved by {@link #randomStates()}. The keys must match exactly; otherwise
     * nothing is changed and the error names the missing and extra keys.
     */
    public final void loadRandomStates(Map<String, long[]> states) {
        Map<String, long[]> own = randomStates();
        List<String> missing = new ArrayList<>();
        for (String k : own.keySet()) {
            if (!states.containsKey(k)) {
                missing.add(k);
            }
        }
        List<String> extra = new ArrayList<>();
        for (String k : states.keySet()) {
            if (!own.containsKey(k)) {
                extra.add(k);
            }
        }
        if (!missing.isEmpty() || !extra.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadRandomStates: random states do not match"
                    + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (extra.isEmpty() ? "" : "; extra: " + String.join(", ", extra)));
        }
        List<RandomStream> restored = new ArrayList<>(); // validate every state before replacing any stream
        for (Map.Entry<String, long[]> e : states.entrySet()) {
            try {
                restored.add(RandomStream.fromState(e.getValue()));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ".loadRandomStates: '" + e.getKey()
                        + "': " + ex.getMessage(), ex);
            }
        }
        int i = 0;
        for (String k : states.keySet()) {
            String path = k.substring(0, k.length() - "rng".length());
            Module m = path.isEmpty() ? this : module(path.substring(0, path.length() - 1));
            ((Stochastic) m).setRandomStream(restored.get(i++));
        }
    }

    // -------------------------------------------------------------- display

    /**
     * The arguments shown between the parentheses of this module's line in {@link #toString()}, such as
     * {@code in_features=784, out_features=256, bias=True}; empty by default.
     */
    protected String extraRepr() {
        return "";
    }

    /** A PyTorch-style tree: one line per module, children indented under their parent. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendRepr(sb, 0);
        return sb.toString();
    }

    private void appendRepr(StringBuilder sb, int indent) {
        sb.append(getClass().getSimpleName()).append('(').append(extraRepr());
        if (!children.isEmpty()) {
            sb.append('\n');
            for (Map.Entry<String, Module> e : children.entrySet()) {
                sb.append("  ".repeat(indent + 1)).append('(').append(e.getKey()).append("): ");
                e.getValue().appendRepr(sb, indent + 1);
                sb.append('\n');
            }
            sb.append("  ".repeat(indent));
        }
        sb.append(')');
    }

    /**
     * A table of every parameter and buffer with its shape and size, then the total number of trainable
     * parameters, for printing before training.
     */
    public final String summary() {
        StringBuilder sb = new StringBuilder();
        int width = 4;
        TensorMap state = stateDict();
        for (String name : state.names()) {
            width = Math.max(width, name.length());
        }
        String fmt = "%-" + width + "s  %-18s %12s%n";
        sb.append(String.format(fmt, "name", "shape", "size"));
        Map<String, Parameter> all = allParameters();
        state.forEach((name, t) -> {
            Parameter p = all.get(name);
            String kind = p == null ? " (buffer)" : p.trainable() ? "" : " (frozen)";
            sb.append(String.format(fmt, name + kind, Arrays.toString(t.shape()), t.size()));
        });
        sb.append(String.format("trainable parameters: %,d%n", parameterCount()));
        return sb.toString();
    }

    /**
     * {@code v} as Python prints it ({@code 1e-05}, {@code 0.1}, {@code 1.0}), so that {@link #extraRepr()}
     * lines read like PyTorch's.
     */
    protected static String pythonRepr(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
        }
        java.math.BigDecimal d = new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        if (v == 0 || (exponent >= -4 && exponent < 16)) {
            String plain = d.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = d.unscaledValue().abs().toString();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (v < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
    }

    /** {@code True} or {@code False}, as Python prints booleans. */
    protected static String pythonBool(boolean b) {
        return b ? "True" : "False";
    }

    static String join(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }
}
