package dev.gradus.optim.spec;

/**
 * Base class of a component of a {@link SpecFamily} (a compressor, an aggregator, a derivative-free method):
 * an immutable object whose settings are validated {@link Hyperparams} of its {@link Descriptor}, so that it
 * prints back as a spec, and {@link #with} changes one setting by its name. The counterpart of
 * {@code dev.gradus.optim.Configurable} for things that are not gradient transformations.
 *
 * @param <S> the concrete type, so that {@link #with} returns it
 */
public abstract class Configured<S extends Configured<S>> implements SpecForm {

    /** The validated settings; subclasses read them in their constructor. */
    protected final Hyperparams hp;

    /** A component with {@code hp}, which must belong to the subclass's descriptor. */
    protected Configured(Hyperparams hp) {
        this.hp = hp;
    }

    /** The descriptor: name, family, settings, reference. */
    public final Descriptor<?> descriptor() {
        return hp.descriptor();
    }

    /** The settings as given. */
    public final Hyperparams hyperparameters() {
        return hp;
    }

    /**
     * A copy with one setting changed, by its name.
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

    @Override
    public String toString() {
        try {
            return SpecPrinter.print(spec());
        } catch (IllegalStateException e) {
            return descriptor().name() + "(...)";
        }
    }
}
