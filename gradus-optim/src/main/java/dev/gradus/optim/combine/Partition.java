package dev.gradus.optim.combine;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.SpecValue;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Splits the parameters by label and gives each group its own transform, such as AdamW for weights and
 * Adam without decay for biases. In specs the label of a parameter is given by the first rule (a glob)
 * that matches its name, rule {@code i} selecting transform {@code i}:
 *
 * <pre>
 * partition(adam(lr=0.001), adamw(lr=0.001), rules=("*.bias", "*"), labels=("no_decay", "decay"))
 * </pre>
 *
 * In Java any function from name to label works. A parameter that no rule labels is an error at
 * {@code init}. The state holds one inner state per label, each over that label's parameters, under
 * the label in state paths ({@code decay/mu/layer.weight}). Reference: {@code optax.partition}
 * ({@code multi_transform}).
 */
public final class Partition extends Configurable<Partition> {

    /** Spec: {@code partition(t0, t1, ..., rules=(globs...), labels=(names...))}. */
    public static final Descriptor<Partition> SPEC = Descriptor
            .builder("partition", Descriptor.Kind.WRAPPER, Partition::new)
            .summary("a transform per group of parameters, groups chosen by the first matching glob rule")
            .reference("optax.partition (multi_transform)")
            .param(Param.transforms("transforms", "one transform per rule"))
            .param(Param.tuple("rules", ParamType.STRINGS, null, "one glob per transform; the first match labels"))
            .param(Param.tuple("labels", ParamType.STRINGS, List.of(), "names of the groups (default 0, 1, ...)"))
            .build();

    /** One inner state per label, inlined in state paths. */
    public record State(Map<String, OptState> states) implements OptState {}

    private final Map<String, GradientTransformation> byLabel;
    private final Function<String, String> labelOf;
    private final boolean customLabels;

    /** From validated hyperparameters; use {@code Transforms.partition}. */
    public Partition(Hyperparams hp) {
        super(hp);
        List<GradientTransformation> ts = hp.transforms("transforms");
        List<String> rules = hp.strings("rules");
        List<String> labels = hp.strings("labels");
        if (rules.size() != ts.size()) {
            throw new IllegalArgumentException("partition: " + ts.size() + " transforms but " + rules.size()
                    + " rules; give one glob rule per transform");
        }
        if (!labels.isEmpty() && labels.size() != ts.size()) {
            throw new IllegalArgumentException("partition: " + ts.size() + " transforms but " + labels.size() + " labels");
        }
        List<String> names = new ArrayList<>();
        for (int k = 0; k < ts.size(); k++) {
            names.add(labels.isEmpty() ? Integer.toString(k) : labels.get(k));
        }
        this.byLabel = index(names, ts);
        this.labelOf = name -> {
            for (int k = 0; k < rules.size(); k++) {
                if (NameGlobs.matches(rules.get(k), name)) {
                    return names.get(k);
                }
            }
            return null;
        };
        this.customLabels = false;
    }

    private Partition(Hyperparams hp, Map<String, GradientTransformation> byLabel, Function<String, String> labelOf) {
        super(hp);
        this.byLabel = byLabel;
        this.labelOf = labelOf;
        this.customLabels = true;
    }

    /** A transform per label, with labels given by {@code labelOf} (no spec form). */
    public static Partition of(Map<String, ? extends GradientTransformation> byLabel, Function<String, String> labelOf) {
        List<String> labels = List.copyOf(byLabel.keySet());
        List<GradientTransformation> ts = List.copyOf(byLabel.values());
        Hyperparams hp = SPEC.defaults().with("transforms", ts).with("rules", labels).with("labels", labels);
        return new Partition(hp, index(labels, ts), labelOf);
    }

    private static Map<String, GradientTransformation> index(List<String> labels, List<GradientTransformation> ts) {
        Map<String, GradientTransformation> m = new LinkedHashMap<>();
        for (int k = 0; k < labels.size(); k++) {
            if (m.put(labels.get(k), ts.get(k)) != null) {
                throw new IllegalArgumentException("partition: label '" + labels.get(k) + "' given twice");
            }
        }
        return m;
    }

    @Override
    public Partition with(String name, Object value) {
        if (customLabels) {
            throw new UnsupportedOperationException("partition: rebuild a partition with custom labels with "
                    + "Partition.of instead of with(" + name + ", ...)");
        }
        return super.with(name, value);
    }

    @Override
    public SpecValue.Call spec() {
        if (customLabels) {
            throw new IllegalStateException("partition: a label function has no spec form; use glob rules to print "
                    + "or save it");
        }
        return super.spec();
    }

    private Map<String, TensorMap> split(TensorMap m, boolean check) {
        Map<String, TensorMap> out = new LinkedHashMap<>();
        for (String label : byLabel.keySet()) {
            out.put(label, new TensorMap());
        }
        m.forEach((n, t) -> {
            String label = labelOf.apply(n);
            TensorMap group = label == null ? null : out.get(label);
            if (group == null) {
                if (check) {
                    throw new IllegalArgumentException("partition: parameter '" + n + "' gets label " + label
                            + ", which names no transform; labels are " + byLabel.keySet());
                }
                return;
            }
            group.put(n, t);
        });
        return out;
    }

    @Override
    public State init(TensorMap params) {
        Map<String, TensorMap> groups = split(params, true);
        Map<String, OptState> states = new LinkedHashMap<>();
        byLabel.forEach((label, t) -> states.put(label, t.init(groups.get(label))));
        return new State(states);
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        Map<String, TensorMap> u = split(updates, true);
        Map<String, TensorMap> p = split(params, false);
        Map<String, OptState> states = ((State) state).states();
        byLabel.forEach((label, t) -> t.update(u.get(label), states.get(label), p.get(label),
                ctx.restrict(n -> label.equals(labelOf.apply(n)), params).child(label)));
    }

    @Override
    public Map<String, Double> hyperparams(OptState state) {
        Map<String, Double> out = new LinkedHashMap<>();
        Map<String, OptState> states = ((State) state).states();
        byLabel.forEach((label, t) -> t.hyperparams(states.get(label)).forEach((n, v) -> out.put(label + "/" + n, v)));
        return out;
    }
}
