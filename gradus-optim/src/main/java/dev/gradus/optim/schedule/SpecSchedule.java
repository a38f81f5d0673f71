package dev.gradus.optim.schedule;

import dev.gradus.optim.Schedule;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.SpecForm;
import dev.gradus.optim.spec.SpecPrinter;
import dev.gradus.optim.spec.SpecValue;

/**
 * Base of the registered schedules: a pure function of the step with validated {@link Hyperparams},
 * a spec form, and {@link #with} to change one hyperparameter by name.
 *
 * <p>Values use {@link StrictMath}, so a schedule gives the same bits on every JVM and platform.
 *
 * @param <S> the concrete type, so that fluent setters return it
 */
public abstract class SpecSchedule<S extends SpecSchedule<S>> implements Schedule, SpecForm {

    /** The validated hyperparameters. */
    protected final Hyperparams hp;

    /** A schedule with {@code hp}. */
    protected SpecSchedule(Hyperparams hp) {
        this.hp = hp;
    }

    /** The descriptor. */
    public final Descriptor<?> descriptor() {
        return hp.descriptor();
    }

    /** A copy with one hyperparameter changed, by its spec name. */
    @SuppressWarnings("unchecked")
    public final S with(String name, Object value) {
        return (S) hp.with(name, value).create();
    }

    @Override
    public final SpecValue.Call spec() {
        return hp.toSpec();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpecSchedule<?> s && s.hp.equals(hp);
    }

    @Override
    public int hashCode() {
        return hp.hashCode();
    }

    @Override
    public String toString() {
        return SpecPrinter.print(spec());
    }
}
