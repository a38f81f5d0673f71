package dev.gradus.optim.spec;

/**
 * The type of a hyperparameter, which fixes both its spec syntax and its Java value in
 * {@link Hyperparams}.
 */
public enum ParamType {
    /** A scalar that may vary with the step: a number or a schedule call. Java value: {@code Schedule}. */
    SCALAR("number or schedule"),
    /** A plain number. Java value: {@code Double}. */
    DOUBLE("number"),
    /** An integer. Java value: {@code Long}. */
    INT("integer"),
    /** {@code true} or {@code false}. Java value: {@code Boolean}. */
    BOOL("true or false"),
    /** A quoted string, possibly one of fixed choices. Java value: {@code String}. */
    STRING("string"),
    /** A tuple of scalars (each a number or a schedule), such as Adam's betas. Java value: {@code List<Schedule>}. */
    SCALARS("tuple of numbers or schedules"),
    /** A tuple of numbers. Java value: {@code List<Double>}. */
    DOUBLES("tuple of numbers"),
    /** A tuple of integers. Java value: {@code List<Long>}. */
    INTS("tuple of integers"),
    /** A tuple of strings. Java value: {@code List<String>}. */
    STRINGS("tuple of strings"),
    /** A tuple of schedule calls. Java value: {@code List<Schedule>}. */
    SCHEDULES("tuple of schedules"),
    /** One nested optimizer or transform. Java value: {@code GradientTransformation}. */
    TRANSFORM("optimizer or transform"),
    /** Any number of nested optimizers or transforms. Java value: {@code List<GradientTransformation>}. */
    TRANSFORMS("optimizers or transforms"),
    /** One nested component of a {@link SpecFamily} named by the parameter. Java value: the built component. */
    COMPONENT("component");

    private final String description;

    ParamType(String description) {
        this.description = description;
    }

    /** How the type is described in errors and in {@code gradus optim list}. */
    public String description() {
        return description;
    }
}
