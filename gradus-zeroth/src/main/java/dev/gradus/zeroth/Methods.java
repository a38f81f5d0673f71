package dev.gradus.zeroth;

import dev.gradus.optim.spec.SpecFamily;

/** The {@code dfo} spec family of ask/tell methods: {@code cbo(particles=100)}, {@code cmaes()}, {@code nsga2()}. */
public final class Methods {
    private Methods() {}

    /** The family; methods register through {@code DescriptorProvider}. */
    @SuppressWarnings("rawtypes")
    public static final SpecFamily<AskTell> FAMILY = SpecFamily.of("dfo", AskTell.class);

    /** Parses and builds a method, such as {@code cbo(particles=100)}. */
    @SuppressWarnings("unchecked")
    public static AskTell<SearchState> parse(String spec) {
        return FAMILY.parse(spec);
    }
}
