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
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Applies {@code inner} only to the parameters selected by a mask and passes the other updates through
 * unchanged; the inner state exists only for the selected parameters. The usual use is weight decay
 * that spares biases and norm gains:
 *
 * <pre>{@code
 * GradientTransformation decay = Transforms.masked(Transforms.addDecayedWeights(0.01), "*", "!*.bias", "!*norm*");
 * // spec: masked(add_decayed_weights(weight_decay=0.01), mask=("*", "!*.bias", "!*norm*"))
 * }</pre>
 *
 * The mask is a list of {@link NameGlobs} or, in Java, any predicate on names (which then has no spec
 * form). Reference: {@code optax.masked}.
 */
public final class Masked extends Configurable<Masked> {

    /** Spec: {@code masked(inner, mask=(globs...))}. */
    public static final Descriptor<Masked> SPEC = Descriptor.builder("masked", Descriptor.Kind.WRAPPER, Masked::new)
            .summary("apply a transform only to parameters whose names match the mask globs")
            .reference("optax.masked")
            .param(Param.transform("inner", "the transform to apply to the selected parameters"))
            .param(Param.tuple("mask", ParamType.STRINGS, null, "globs; '*' any run, '!' excludes, the last match decides"))
            .build();

    /** The inner state, over the selected parameters only. */
    public record State(OptState inner) implements OptState {}

    private final GradientTransformation inner;
    private final Predicate<String> mask;
    private final boolean customMask;

    /** From validated hyperparameters; use {@code Transforms.masked}. */
    public Masked(Hyperparams hp) {
        this(hp, new NameGlobs(hp.strings("mask")), false);
    }

    private Masked(Hyperparams hp, Predicate<String> mask, boolean customMask) {
        super(hp);
        this.inner = hp.transform("inner");
        this.mask = mask;
        this.customMask = customMask;
    }

    /** {@code inner} applied where {@code mask} is true; such a mask has no spec form. */
    public static Masked of(GradientTransformation inner, Predicate<String> mask) {
        return new Masked(SPEC.defaults().with("inner", inner).with("mask", List.of()), mask, true);
    }

    @Override
    public Masked with(String name, Object value) {
        Hyperparams changed = hp.with(name, value);
        return customMask && !name.equals("mask") ? new Masked(changed, mask, true) : new Masked(changed);
    }

    @Override
    public SpecValue.Call spec() {
        if (customMask) {
            throw new IllegalStateException("masked: a predicate mask has no spec form; use globs to print or save it");
        }
        return super.spec();
    }

    /** The selected part of {@code m}: the same tensors, not copies. */
    TensorMap select(TensorMap m) {
        TensorMap out = new TensorMap();
        m.forEach((n, t) -> {
            if (mask.test(n)) {
                out.put(n, t);
            }
        });
        return out;
    }

    @Override
    public State init(TensorMap params) {
        return new State(inner.init(select(params)));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        inner.update(select(updates), ((State) state).inner(), select(params), ctx.restrict(mask, params).child("inner"));
    }

    @Override
    public Map<String, Double> hyperparams(OptState state) {
        return withChild(Map.of(), "inner", inner, ((State) state).inner());
    }
}
