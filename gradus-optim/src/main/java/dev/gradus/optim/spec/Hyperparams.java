package dev.gradus.optim.spec;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.schedule.ConstantSchedule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated hyperparameter values of one optimizer, transform or schedule, by reference name, in
 * declaration order. Immutable: {@link #with} returns a copy, which is how the fluent factories
 * ({@code Optimizers.adam().lr(1e-3)}), the spec builder and {@code injectHyperparams} all set values,
 * so every path checks types and ranges the same way.
 *
 * <p>Scalar hyperparameters are held as {@link Schedule}s (a plain number becomes a constant schedule),
 * so every one of them may vary with the step; {@link #valuesAt} evaluates them all at a step.
 */
public final class Hyperparams {
    private final Descriptor<?> descriptor;
    private final Map<String, Object> values;

    private Hyperparams(Descriptor<?> descriptor, Map<String, Object> values) {
        this.descriptor = descriptor;
        this.values = values;
    }

    /** The declared defaults of {@code d}; required hyperparameters are absent until set. */
    public static Hyperparams defaults(Descriptor<?> d) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param p : d.params()) {
            if (!p.required()) {
                m.put(p.name(), normalize(d, p, p.defaultValue()));
            }
        }
        return new Hyperparams(d, Collections.unmodifiableMap(m));
    }

    /** The descriptor these values belong to. */
    public Descriptor<?> descriptor() {
        return descriptor;
    }

    /**
     * A copy with {@code name} set to {@code value}, checked against the declaration: a number or a
     * {@link Schedule} for scalars, a {@code double[]} or list for tuples, and so on.
     *
     * @throws IllegalArgumentException naming the hyperparameter, the value and what is allowed
     */
    public Hyperparams with(String name, Object value) {
        Param p = descriptor.param(name).orElseThrow(() -> new IllegalArgumentException(descriptor.name()
                + ": unknown hyperparameter '" + name + "'; allowed: " + descriptor.paramNames()));
        Map<String, Object> m = new LinkedHashMap<>();
        for (Param q : descriptor.params()) {
            Object v = q == p ? normalize(descriptor, p, value) : values.get(q.name());
            if (v != null) {
                m.put(q.name(), v);
            }
        }
        return new Hyperparams(descriptor, Collections.unmodifiableMap(m));
    }

    /** Builds the object these values describe. */
    public Object create() {
        return descriptor.create(this);
    }

    /** Throws when a required hyperparameter has no value. */
    public void requireComplete() {
        for (Param p : descriptor.params()) {
            if (!values.containsKey(p.name())) {
                throw new IllegalArgumentException(descriptor.name() + ": missing required hyperparameter '" + p.name()
                        + "' (" + p.allowed() + ")");
            }
        }
    }

    /** The raw value of {@code name} (a Schedule, Double, Long, Boolean, String, List or transform). */
    public Object get(String name) {
        Object v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException(descriptor.name() + ": no hyperparameter '" + name + "'; has "
                    + values.keySet());
        }
        return v;
    }

    /** A scalar hyperparameter as a schedule. */
    public Schedule schedule(String name) {
        return (Schedule) get(name);
    }

    /** A tuple of scalars (such as betas) as schedules. */
    @SuppressWarnings("unchecked")
    public List<Schedule> schedules(String name) {
        return (List<Schedule>) get(name);
    }

    /** A plain number. */
    public double number(String name) {
        return (Double) get(name);
    }

    /** An integer. */
    public long integer(String name) {
        return (Long) get(name);
    }

    /** A boolean flag. */
    public boolean flag(String name) {
        return (Boolean) get(name);
    }

    /** A string. */
    public String string(String name) {
        return (String) get(name);
    }

    /** A tuple of numbers. */
    public double[] numbers(String name) {
        List<?> l = (List<?>) get(name);
        double[] out = new double[l.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (Double) l.get(k);
        }
        return out;
    }

    /** A tuple of integers. */
    public long[] integers(String name) {
        List<?> l = (List<?>) get(name);
        long[] out = new long[l.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = (Long) l.get(k);
        }
        return out;
    }

    /** A tuple of strings. */
    @SuppressWarnings("unchecked")
    public List<String> strings(String name) {
        return (List<String>) get(name);
    }

    /** A nested transform. */
    public GradientTransformation transform(String name) {
        return (GradientTransformation) get(name);
    }

    /** Nested transforms. */
    @SuppressWarnings("unchecked")
    public List<GradientTransformation> transforms(String name) {
        return (List<GradientTransformation>) get(name);
    }

    /**
     * Every scalar hyperparameter evaluated at {@code step}, by name; tuple elements are named
     * {@code betas[0]}, {@code betas[1]}. Flags, integers and nested transforms are left out.
     */
    public Map<String, Double> valuesAt(long step) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Param p : descriptor.params()) {
            Object v = values.get(p.name());
            switch (p.type()) {
                case SCALAR -> out.put(p.name(), ((Schedule) v).at(step));
                case DOUBLE -> out.put(p.name(), (Double) v);
                case SCALARS -> {
                    List<?> l = (List<?>) v;
                    for (int k = 0; k < l.size(); k++) {
                        out.put(p.name() + "[" + k + "]", ((Schedule) l.get(k)).at(step));
                    }
                }
                default -> {
                    // not a scalar
                }
            }
        }
        return out;
    }

    /** The spec: positional parameters first, then every other one as {@code name=value}. */
    public SpecValue.Call toSpec() {
        List<SpecValue> args = new ArrayList<>();
        List<SpecValue.Kwarg> kwargs = new ArrayList<>();
        for (Param p : descriptor.params()) {
            Object v = values.get(p.name());
            if (v == null) {
                continue;
            }
            if (p.type() == ParamType.TRANSFORMS) {
                for (Object t : (List<?>) v) {
                    args.add(toSpecValue(p, t));
                }
            } else if (p.positional()) {
                args.add(toSpecValue(p, v));
            } else {
                kwargs.add(new SpecValue.Kwarg(p.name(), toSpecValue(p, v)));
            }
        }
        return new SpecValue.Call(descriptor.name(), args, kwargs);
    }

    private SpecValue toSpecValue(Param p, Object v) {
        return switch (v) {
            case ConstantSchedule c -> new SpecValue.Num(c.value());
            case SpecForm f -> f.spec();
            case Schedule s -> throw new IllegalStateException(descriptor.name() + ": hyperparameter '" + p.name()
                    + "' holds a schedule without a spec form (" + s.getClass().getName()
                    + "); use one from Schedules to print or save it");
            case GradientTransformation t -> throw new IllegalStateException(descriptor.name() + ": nested transform "
                    + t.getClass().getName() + " has no spec form");
            case Double d -> new SpecValue.Num(d);
            case Long l -> new SpecValue.Int(l);
            case Boolean b -> new SpecValue.Bool(b);
            case String s -> new SpecValue.Str(s);
            case List<?> l -> {
                List<SpecValue> items = new ArrayList<>();
                for (Object o : l) {
                    items.add(toSpecValue(p, o));
                }
                yield new SpecValue.Tuple(items);
            }
            default -> throw new IllegalStateException(descriptor.name() + ": cannot print " + v);
        };
    }

    private static Object normalize(Descriptor<?> d, Param p, Object value) {
        if (value == null) {
            throw new IllegalArgumentException(d.name() + ": " + p.name() + " must not be null; allowed: " + p.allowed());
        }
        Object v = switch (p.type()) {
            case SCALAR -> scalar(d, p, value);
            case DOUBLE -> number(d, p, value);
            case INT -> integer(d, p, value);
            case BOOL -> {
                if (!(value instanceof Boolean)) {
                    throw wrongType(d, p, value);
                }
                yield value;
            }
            case STRING -> {
                if (!(value instanceof String s)) {
                    throw wrongType(d, p, value);
                }
                if (!p.choices().isEmpty() && !p.choices().contains(s)) {
                    throw new IllegalArgumentException(d.name() + ": " + p.name() + "=\"" + s + "\" is not allowed; allowed: "
                            + p.allowed());
                }
                yield s;
            }
            case SCALARS, SCHEDULES -> list(d, p, value).stream().map(o -> scalar(d, p, o)).toList();
            case DOUBLES -> list(d, p, value).stream().map(o -> number(d, p, o)).toList();
            case INTS -> list(d, p, value).stream().map(o -> integer(d, p, o)).toList();
            case STRINGS -> list(d, p, value).stream().map(o -> {
                if (!(o instanceof String s)) {
                    throw wrongType(d, p, value);
                }
                return s;
            }).toList();
            case TRANSFORM -> {
                if (!(value instanceof GradientTransformation)) {
                    throw wrongType(d, p, value);
                }
                yield value;
            }
            case COMPONENT -> value instanceof String text ? SpecFamily.of(p.family(), Object.class).parse(text) : value;
            case TRANSFORMS -> list(d, p, value).stream().map(o -> {
                if (!(o instanceof GradientTransformation t)) {
                    throw wrongType(d, p, value);
                }
                return t;
            }).toList();
        };
        if (p.arity() > 0 && ((List<?>) v).size() != p.arity()) {
            throw new IllegalArgumentException(d.name() + ": " + p.name() + " needs " + p.arity() + " values, got "
                    + ((List<?>) v).size());
        }
        return v;
    }

    private static Schedule scalar(Descriptor<?> d, Param p, Object value) {
        if (value instanceof Number n) {
            return new ConstantSchedule(inRange(d, p, n.doubleValue()));
        }
        if (value instanceof ConstantSchedule c) {
            inRange(d, p, c.value());
            return c;
        }
        if (value instanceof Schedule s) {
            return s;
        }
        throw wrongType(d, p, value);
    }

    private static Double number(Descriptor<?> d, Param p, Object value) {
        if (!(value instanceof Number n)) {
            throw wrongType(d, p, value);
        }
        return inRange(d, p, n.doubleValue());
    }

    private static Long integer(Descriptor<?> d, Param p, Object value) {
        if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
            throw wrongType(d, p, value);
        }
        long l = ((Number) value).longValue();
        if (!p.range().contains(l)) {
            throw new IllegalArgumentException(d.name() + ": " + p.name() + "=" + l + " is out of range; allowed: "
                    + p.allowed());
        }
        return l;
    }

    private static double inRange(Descriptor<?> d, Param p, double v) {
        if (!p.range().contains(v)) {
            throw new IllegalArgumentException(d.name() + ": " + p.name() + "=" + SpecPrinter.number(v)
                    + " is out of range; allowed: " + p.allowed());
        }
        return v;
    }

    private static List<?> list(Descriptor<?> d, Param p, Object value) {
        return switch (value) {
            case List<?> l -> l;
            case double[] a -> java.util.Arrays.stream(a).boxed().toList();
            case long[] a -> java.util.Arrays.stream(a).boxed().toList();
            case int[] a -> java.util.Arrays.stream(a).mapToObj(x -> (long) x).toList();
            case Object[] a -> List.of(a);
            default -> throw wrongType(d, p, value);
        };
    }

    private static IllegalArgumentException wrongType(Descriptor<?> d, Param p, Object value) {
        return new IllegalArgumentException(d.name() + ": " + p.name() + " got " + value + " ("
                + value.getClass().getSimpleName() + "); allowed: " + p.allowed());
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Hyperparams h) || h.descriptor != descriptor) {
            return false;
        }
        if (h.values.equals(values)) {
            return true;
        }
        try {
            // Nested transforms compare by identity; two that print the same are the same.
            return h.toSpec().equals(toSpec());
        } catch (IllegalStateException e) {
            return false;
        }
    }

    @Override
    public int hashCode() {
        return descriptor.name().hashCode();
    }

    @Override
    public String toString() {
        return SpecPrinter.print(toSpec());
    }
}
