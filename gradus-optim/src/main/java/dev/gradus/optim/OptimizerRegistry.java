package dev.gradus.optim;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Every name the spec language knows: optimizers, building blocks and wrappers, and schedules, and the components
 * of other families (compressors, aggregators, derivative-free methods, models; see
 * {@link dev.gradus.optim.spec.SpecFamily}), gathered from every {@link DescriptorProvider} on the class path by
 * {@link ServiceLoader}. Names are unique within a family. gradus-optim's own
 * ({@link BuiltinDescriptors}) come first; other modules' follow in the order of their provider class names,
 * so listings are stable. A module adds an optimizer by giving its class a {@code SPEC} descriptor and listing
 * it in its provider; nothing here changes.
 */
public final class OptimizerRegistry {
    private OptimizerRegistry() {}

    private static final Map<String, Descriptor<?>> ALL = index();
    private static final Map<String, Descriptor<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, Map<String, Descriptor<?>>> BY_FAMILY = new LinkedHashMap<>();

    static {
        for (Descriptor<?> d : ALL.values()) {
            if (d.kind() == Descriptor.Kind.COMPONENT) {
                BY_FAMILY.computeIfAbsent(d.family(), f -> new LinkedHashMap<>()).put(d.name(), d);
            } else {
                BY_NAME.put(d.name(), d);
            }
        }
    }

    /** Every descriptor keyed by {@code family:name}, so that two families may use one name. */
    private static Map<String, Descriptor<?>> index() {
        List<DescriptorProvider> providers = new ArrayList<>();
        ServiceLoader.load(DescriptorProvider.class, OptimizerRegistry.class.getClassLoader()).forEach(providers::add);
        providers.sort(Comparator.comparing((DescriptorProvider p) -> !(p instanceof BuiltinDescriptors))
                .thenComparing(p -> p.getClass().getName()));
        Map<String, Descriptor<?>> m = new LinkedHashMap<>();
        Map<String, String> from = new LinkedHashMap<>();
        for (DescriptorProvider p : providers) {
            for (Descriptor<?> d : p.descriptors()) {
                String by = p.getClass().getName();
                String key = (d.kind() == Descriptor.Kind.COMPONENT ? d.family() : "optim") + ":" + d.name();
                if (m.put(key, d) != null) {
                    throw new IllegalStateException("OptimizerRegistry: the name '" + d.name() + "' is registered by "
                            + from.get(key) + " and by " + by);
                }
                from.put(key, by);
            }
        }
        return m;
    }

    /** The descriptor registered as {@code name}. */
    public static Optional<Descriptor<?>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every registered optimizer, transform, wrapper and schedule, in registration order (no components). */
    public static List<Descriptor<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The components of {@code family} (such as {@code compressor}), in registration order; empty if none. */
    public static List<Descriptor<?>> family(String family) {
        Map<String, Descriptor<?>> m = BY_FAMILY.get(family);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    /** The component {@code name} of {@code family}. */
    public static Optional<Descriptor<?>> find(String family, String name) {
        Map<String, Descriptor<?>> m = BY_FAMILY.get(family);
        return Optional.ofNullable(m == null ? null : m.get(name));
    }

    /** The families that have components, in registration order. */
    public static List<String> families() {
        return List.copyOf(BY_FAMILY.keySet());
    }

    /** The registered descriptors of {@code kind}, in registration order. */
    public static List<Descriptor<?>> ofKind(Descriptor.Kind kind) {
        List<Descriptor<?>> out = new ArrayList<>();
        for (Descriptor<?> d : BY_NAME.values()) {
            if (d.kind() == kind) {
                out.add(d);
            }
        }
        return out;
    }

    /** The names of transformations (optimizers and transforms) or of schedules, for error messages. */
    public static List<String> names(boolean transformations) {
        List<String> out = new ArrayList<>();
        for (Descriptor<?> d : BY_NAME.values()) {
            if (d.kind().isTransformation() == transformations) {
                out.add(d.name());
            }
        }
        return out;
    }
}
