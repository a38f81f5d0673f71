package dev.gradus.optim.spec;

/**
 * Something that can be written as a spec: every registered optimizer, transform, wrapper and schedule.
 * {@code Specs.build(x.spec())} rebuilds an equal object, which is how state files record what produced
 * them and how {@code gradus optim replay} names what it ran.
 */
public interface SpecForm {
    /** The spec of this object, with every hyperparameter written out. */
    SpecValue.Call spec();
}
