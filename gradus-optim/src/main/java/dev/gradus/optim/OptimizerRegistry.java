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
 * Every name the spec language knows: optimizers, building blocks and wrappers, and schedules, gathered from
 * every {@link DescriptorProvider} on the class path by {@link ServiceLoader}. gradus-optim's own
 * ({@link BuiltinDescriptors}) come first; other modules' follow in the order of their provider class names,
 * so listings are stable. A module adds an optimizer by giving its class a {@code SPEC} descriptor and listing
 * it in its provider; nothing here changes.
 */
public final class OptimizerRegistry {
    private OptimizerRegistry() {}

    private static final Map<String, Descriptor<?>> BY_NAME = index();

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
                if (m.put(d.name(), d) != null) {
                    throw new IllegalStateException("OptimizerRegistry: the name '" + d.name() + "' is registered by "
                            + from.get(d.name()) + " and by " + by);
                }
                from.put(d.name(), by);
            }
        }
        return m;
    }

    /** The descriptor registered as {@code name}. */
    public static Optional<Descriptor<?>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every registered descriptor, in registration order. */
    public static List<Descriptor<?>> all() {
        return List.copyOf(BY_NAME.values());
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
