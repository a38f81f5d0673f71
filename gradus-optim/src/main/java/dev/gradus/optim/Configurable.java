package dev.gradus.optim;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.SpecForm;
import dev.gradus.optim.spec.SpecPrinter;
import dev.gradus.optim.spec.SpecValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Base class of every registered optimizer, transform and wrapper: an immutable transformation whose
 * hyperparameters are validated {@link Hyperparams} of a {@link Descriptor}.
 *
 * <p>This gives every subclass, for free: {@link #with(String, Object)} to set any hyperparameter by
 * its reference name (a number or a {@link Schedule} for scalars), {@link #spec()} to print it,
 * {@link #hyperparams(OptState)} to read the current values, and {@link #at}, {@link #flag} to read one in
 * a kernel. Each hyperparameter is declared once, in the descriptor: a subclass keeps no field for it,
 * and gets its typed fluent setters by implementing the {@link Fluent} interfaces of its names:
 *
 * <pre>{@code
 * public final class Adam extends FusedOptimizer<Adam> implements Fluent.Lr<Adam>, Fluent.Betas<Adam>, ...
 *     double lr = at("lr", step);            // in the kernel
 * }</pre>
 *
 * <p>Schedules are evaluated at the step counter of the state, which is the {@link Counted#count()} of
 * the state record: that is the resume-safety contract, so every state of a transformation that has
 * scalar hyperparameters should implement {@link Counted}.
 *
 * @param <S> the concrete type, so that fluent setters return it
 */
public abstract class Configurable<S extends Configurable<S>> implements GradientTransformation, SpecForm {

    /** The validated hyperparameters; subclasses read them once in their constructor. */
    protected final Hyperparams hp;

    /** A transformation with {@code hp}, which must belong to the subclass's descriptor. */
    protected Configurable(Hyperparams hp) {
        this.hp = hp;
    }

    /** Scalar hyperparameter {@code name} at {@code step} (the step count before the update). */
    protected final double at(String name, long step) {
        return hp.schedule(name).at(step);
    }

    /** Element {@code k} of the tuple of scalars {@code name} (such as {@code betas}) at {@code step}. */
    protected final double at(String name, int k, long step) {
        return hp.schedules(name).get(k).at(step);
    }

    /** Boolean hyperparameter {@code name}. */
    protected final boolean flag(String name) {
        return hp.flag(name);
    }

    /** The descriptor: spec name, hyperparameter declarations, reference. */
    public final Descriptor<?> descriptor() {
        return hp.descriptor();
    }

    /** The hyperparameters as set. */
    public final Hyperparams hyperparameters() {
        return hp;
    }

    /**
     * A copy with one hyperparameter changed, by its reference name.
     *
     * @throws IllegalArgumentException for an unknown name, a wrong type or a value out of range
     */
    @SuppressWarnings("unchecked")
    public S with(String name, Object value) {
        return (S) hp.with(name, value).create();
    }

    @Override
    public SpecValue.Call spec() {
        return hp.toSpec();
    }

    /**
     * What this transformation needs from the step context ({@link #ownRequirements()}), then what every
     * transformation among its hyperparameters needs, in declaration order.
     */
    @Override
    public List<Requirement> requirements() {
        List<Requirement> out = new ArrayList<>(ownRequirements());
        for (Param p : descriptor().params()) {
            if (p.type() == ParamType.TRANSFORM) {
                out.addAll(hp.transform(p.name()).requirements());
            } else if (p.type() == ParamType.TRANSFORMS) {
                for (GradientTransformation t : hp.transforms(p.name())) {
                    out.addAll(t.requirements());
                }
            }
        }
        return out;
    }

    /** What this transformation itself needs from the step context, besides its children; none by default. */
    protected List<Requirement> ownRequirements() {
        return List.of();
    }

    /** Every scalar hyperparameter at the state's current step (the values the next update uses). */
    @Override
    public Map<String, Double> hyperparams(OptState state) {
        return hp.valuesAt(step(state));
    }

    /**
     * {@code own} followed by every hyperparameter of the nested {@code child} at {@code childState}, its name
     * prefixed {@code prefix/}: how a wrapper reports what it wraps ({@code inner/lr}).
     */
    protected static Map<String, Double> withChild(Map<String, Double> own, String prefix, GradientTransformation child,
            OptState childState) {
        Map<String, Double> out = new LinkedHashMap<>(own);
        child.hyperparams(childState).forEach((n, v) -> out.put(prefix + "/" + n, v));
        return out;
    }

    /** The step that schedules read: the state's {@link Counted#count()}, or 0 for stateless transforms. */
    protected long step(OptState state) {
        return state instanceof Counted c ? c.count().get() : 0;
    }

    @Override
    public String toString() {
        try {
            return SpecPrinter.print(spec());
        } catch (IllegalStateException e) {
            return descriptor().name() + "(...)";
        }
    }
}
