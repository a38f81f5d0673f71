package dev.gradus.optim.spec;

import java.util.List;
import java.util.Objects;

/**
 * One declared hyperparameter: its reference name (as in the reference implementation, e.g.
 * {@code weight_decay}), type, default (null when required), allowed range or choices, a one-line doc,
 * and whether it is written positionally in specs (only nested transforms are).
 *
 * <p>Defaults are Java values of the type's kind: a {@code Double} for {@code SCALAR} and {@code DOUBLE},
 * a {@code Long} for {@code INT}, a {@code List} for tuples; {@link Hyperparams} converts them.
 */
public record Param(String name, ParamType type, Object defaultValue, Range range, List<String> choices, int arity,
        boolean positional, String doc, String family) {

    /** A parameter of any type but {@link ParamType#COMPONENT}. */
    public Param(String name, ParamType type, Object defaultValue, Range range, List<String> choices, int arity,
            boolean positional, String doc) {
        this(name, type, defaultValue, range, choices, arity, positional, doc, null);
    }

    public Param {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        range = range == null ? Range.ANY : range;
        choices = choices == null ? List.of() : List.copyOf(choices);
        doc = doc == null ? "" : doc;
        if ((type == ParamType.COMPONENT) != (family != null)) {
            throw new IllegalArgumentException(name + ": a component parameter, and only one, names its family");
        }
    }

    /** A scalar (schedulable) hyperparameter with a default. */
    public static Param scalar(String name, double defaultValue, String doc) {
        return new Param(name, ParamType.SCALAR, defaultValue, null, null, 0, false, doc);
    }

    /** A plain number. {@code defaultValue} null makes it required. */
    public static Param number(String name, Double defaultValue, String doc) {
        return new Param(name, ParamType.DOUBLE, defaultValue, null, null, 0, false, doc);
    }

    /** An integer. {@code defaultValue} null makes it required. */
    public static Param integer(String name, Long defaultValue, String doc) {
        return new Param(name, ParamType.INT, defaultValue, null, null, 0, false, doc);
    }

    /** A boolean flag. */
    public static Param flag(String name, boolean defaultValue, String doc) {
        return new Param(name, ParamType.BOOL, defaultValue, null, null, 0, false, doc);
    }

    /** A string restricted to {@code choices} (empty: any string). */
    public static Param choice(String name, String defaultValue, List<String> choices, String doc) {
        return new Param(name, ParamType.STRING, defaultValue, null, choices, 0, false, doc);
    }

    /** A fixed-arity tuple of scalars, such as {@code betas=(0.9, 0.999)}. */
    public static Param scalars(String name, List<Double> defaultValue, String doc) {
        return new Param(name, ParamType.SCALARS, defaultValue, null, null, defaultValue.size(), false, doc);
    }

    /** A tuple of any length of the given tuple type; {@code defaultValue} null makes it required. */
    public static Param tuple(String name, ParamType type, List<?> defaultValue, String doc) {
        return new Param(name, type, defaultValue, null, null, 0, false, doc);
    }

    /** A required nested transform, written positionally. */
    public static Param transform(String name, String doc) {
        return new Param(name, ParamType.TRANSFORM, null, null, null, 0, true, doc);
    }

    /** Any number of nested transforms, written positionally. */
    public static Param transforms(String name, String doc) {
        return new Param(name, ParamType.TRANSFORMS, List.of(), null, null, 0, true, doc);
    }

    /**
     * A nested component of {@code family} (such as an aggregator inside a pre-aggregation), written by keyword;
     * {@code defaultSpec} is its default as spec text, or null to make it required.
     */
    public static Param component(String name, String family, String defaultSpec, String doc) {
        return new Param(name, ParamType.COMPONENT, defaultSpec, null, null, 0, false, doc, family);
    }

    /** The same parameter restricted to {@code range}. */
    public Param range(Range r) {
        return new Param(name, type, defaultValue, r, choices, arity, positional, doc, family);
    }

    /** True when a spec must give a value. */
    public boolean required() {
        return defaultValue == null;
    }

    /** What is allowed, for error messages: the type, then the range or choices. */
    public String allowed() {
        if (!choices.isEmpty()) {
            return "one of " + String.join(", ", choices.stream().map(c -> '"' + c + '"').toList());
        }
        String t = arity > 0 ? "tuple of " + arity + " numbers or schedules"
                : type == ParamType.COMPONENT ? "a " + family + " such as " + SpecFamily.example(family)
                : type.description();
        return range.equals(Range.ANY) ? t : t + " in " + range;
    }
}
