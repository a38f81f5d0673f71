package dev.gradus.optim.combine;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies transformations one after another: the updates of each are the input of the next. The state
 * is the list of their states, so in a saved state the i-th link's values sit under {@code i/}, such as
 * {@code 1/mu/layer.weight}. Reference: {@code optax.chain}.
 */
public final class Chain extends Configurable<Chain> {

    /** Spec: {@code chain(t1, t2, ...)}. */
    public static final Descriptor<Chain> SPEC = Descriptor.builder("chain", Descriptor.Kind.WRAPPER, Chain::new)
            .summary("apply transforms in sequence")
            .reference("optax.chain")
            .param(Param.transforms("transforms", "the links, in order"))
            .build();

    /** The states of the links, in order; the list is inlined in state paths ({@code 0/...}, {@code 1/...}). */
    public record State(List<OptState> states) implements OptState {
        public State {
            states = List.copyOf(states);
        }
    }

    private final List<GradientTransformation> links;

    /** From validated hyperparameters; use {@code Transforms.chain}. */
    public Chain(Hyperparams hp) {
        super(hp);
        this.links = hp.transforms("transforms");
    }

    /** The links. */
    public List<GradientTransformation> links() {
        return links;
    }

    @Override
    public State init(TensorMap params) {
        List<OptState> states = new ArrayList<>(links.size());
        for (GradientTransformation t : links) {
            states.add(t.init(params));
        }
        return new State(states);
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        List<OptState> states = ((State) state).states();
        for (int k = 0; k < links.size(); k++) {
            links.get(k).update(updates, states.get(k), params, ctx.child(Integer.toString(k)));
        }
    }

    /** The links' hyperparameters, prefixed by their index: {@code 0/max_norm}, {@code 1/lr}. */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<OptState> states = ((State) state).states();
        for (int k = 0; k < links.size(); k++) {
            String prefix = k + "/";
            links.get(k).hyperparams(states.get(k)).forEach((n, v) -> out.put(prefix + n, v));
        }
        return out;
    }
}
