package dev.gradus.optim.spec;

import dev.gradus.optim.OptimizerRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A family of components written in the spec language, such as gradient compressors
 * ({@code dgc(density=0.001)}), robust aggregators ({@code trimmed_mean(f=2)}), derivative-free methods
 * ({@code cbo(particles=100)}) or models ({@code mlp(hidden=(128, 128))}). Each component declares a
 * {@link Descriptor#component} with validated hyperparameters, exactly as an optimizer does, and its module
 * lists it in its {@link DescriptorProvider}; the family then parses, validates, builds and prints it with the
 * same error messages as optimizer specs (unknown names with "did you mean", keywords, types, ranges).
 *
 * <p>For example gradus-distributed declares its compressors as
 * {@code SpecFamily<Compressor> COMPRESSORS = SpecFamily.of("compressor", Compressor.class)} and builds one with
 * {@code COMPRESSORS.parse("dgc(density=0.001)")}. A component that extends {@link Configured} prints back as a spec ({@link Specs#print}).
 *
 * @param <T> what the family's components are
 */
public final class SpecFamily<T> {
    private final String family;
    private final Class<T> type;

    private SpecFamily(String family, Class<T> type) {
        this.family = family;
        this.type = type;
    }

    /** The family {@code family}, whose components are {@code type}s. */
    public static <T> SpecFamily<T> of(String family, Class<T> type) {
        return new SpecFamily<>(family, type);
    }

    /** The family's name, such as {@code compressor}. */
    public String name() {
        return family;
    }

    /** Every registered component, in registration order. */
    public List<Descriptor<?>> descriptors() {
        return OptimizerRegistry.family(family);
    }

    /** The component called {@code name}. */
    public Optional<Descriptor<?>> find(String name) {
        return OptimizerRegistry.find(family, name);
    }

    /** The names of the registered components. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (Descriptor<?> d : descriptors()) {
            out.add(d.name());
        }
        return out;
    }

    /** Parses and builds a component, such as {@code dgc(density=0.001)}. */
    public T parse(String text) {
        SpecValue v = SpecParser.parse(text);
        try {
            return build(v);
        } catch (SpecException e) {
            throw e.in(text);
        }
    }

    /** Builds a component from a parsed spec (a bare name means its defaults). */
    public T build(SpecValue v) {
        if (!(v instanceof SpecValue.Call c)) {
            throw new SpecException("expected a " + family + " such as " + example(family) + ", got "
                    + SpecPrinter.print(v), v.pos());
        }
        Descriptor<?> d = find(c.name()).orElse(null);
        if (d == null) {
            List<String> known = names();
            String hint = Specs.closest(c.name(), known);
            throw new SpecException("unknown " + family + " '" + c.name() + "'" + (hint == null ? ""
                    : " (did you mean " + hint + "?)") + "; known: " + (known.isEmpty() ? "(none registered)"
                    : String.join(", ", known)), c.pos());
        }
        Object built = Specs.create(d, c);
        if (!type.isInstance(built)) {
            throw new IllegalStateException(family + " '" + d.name() + "' builds a " + built.getClass().getName()
                    + ", not a " + type.getName());
        }
        return type.cast(built);
    }

    /** The first registered component of {@code family} as an example for messages, such as {@code dgc(...)}. */
    static String example(String family) {
        List<Descriptor<?>> ds = OptimizerRegistry.family(family);
        return ds.isEmpty() ? family + "(...)" : ds.get(0).name() + "(...)";
    }

    @Override
    public String toString() {
        return family;
    }
}
