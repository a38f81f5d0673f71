package dev.gradus.optim.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the spec language and {@code gradus optim list} know about one optimizer, transform, wrapper or
 * schedule: its spec name, kind, a one-line summary, the reference it follows, its hyperparameters (in
 * the reference implementation's order, with its names and defaults) and a factory from validated
 * {@link Hyperparams}.
 *
 * <p>Every registered class declares one as a static {@code SPEC} field, the one place where its
 * hyperparameters are declared, and its module's {@link DescriptorProvider} lists it:
 *
 * <pre>{@code
 * public static final Descriptor<Adam> SPEC = Descriptor.builder("adam", Descriptor.Kind.OPTIMIZER, Adam::new)
 *         .summary("Adam with coupled L2 weight decay and AMSGrad")
 *         .reference("Kingma & Ba, ICLR 2015; torch.optim.Adam")
 *         .param(Param.scalar("lr", 1e-3, "learning rate").range(Range.atLeast(0)))
 *         .param(Param.scalars("betas", List.of(0.9, 0.999), "decays of the moments").range(Range.closedOpen(0, 1)))
 *         .build();
 * }</pre>
 *
 * @param <T> what the factory builds: a {@code GradientTransformation} or a {@code Schedule}
 */
public final class Descriptor<T> {

    /** What a descriptor builds, which decides where its name may appear in a spec. */
    public enum Kind {
        /** A complete optimizer such as {@code adam}. */
        OPTIMIZER,
        /** A building block such as {@code scale_by_adam} or {@code clip_by_global_norm}. */
        TRANSFORM,
        /** A transform that wraps others, such as {@code chain} or {@code lookahead}. */
        WRAPPER,
        /** A schedule such as {@code cosine}; allowed wherever a scalar hyperparameter is. */
        SCHEDULE,
        /**
         * A component of another family, such as a gradient compressor ({@code dgc}), a robust aggregator, a
         * derivative-free method or a model: parsed by its family's {@link SpecFamily}, never where an
         * optimizer is expected. Its {@link Descriptor#family()} names the family.
         */
        COMPONENT;

        /** True for the kinds that build a {@code GradientTransformation}. */
        public boolean isTransformation() {
            return this == OPTIMIZER || this == TRANSFORM || this == WRAPPER;
        }
    }

    private final String name;
    private final Kind kind;
    private final String family;
    private final String summary;
    private final String reference;
    private final List<Param> params;
    private final Map<String, Param> byName;
    private final Function<Hyperparams, ? extends T> factory;

    private Descriptor(Builder<T> b) {
        this.name = b.name;
        this.kind = b.kind;
        this.family = b.family;
        this.summary = b.summary;
        this.reference = b.reference;
        this.params = List.copyOf(b.params);
        this.factory = b.factory;
        Map<String, Param> m = new LinkedHashMap<>();
        for (Param p : params) {
            if (m.put(p.name(), p) != null) {
                throw new IllegalStateException(name + ": hyperparameter '" + p.name() + "' declared twice");
            }
        }
        this.byName = m;
    }

    /**
     * Starts a descriptor for a component {@code name} of {@code family} (such as {@code "compressor"}), which
     * its {@link SpecFamily} builds.
     */
    public static <T> Builder<T> component(String name, String family, Function<Hyperparams, ? extends T> factory) {
        Builder<T> b = new Builder<>(name, Kind.COMPONENT, factory);
        b.family = Objects.requireNonNull(family, "family");
        return b;
    }

    /** Starts a descriptor for {@code name} (lower snake case, as written in specs). */
    public static <T> Builder<T> builder(String name, Kind kind, Function<Hyperparams, ? extends T> factory) {
        return new Builder<>(name, kind, factory);
    }

    /** The spec name, such as {@code adamw}. */
    public String name() {
        return name;
    }

    /** The kind. */
    public Kind kind() {
        return kind;
    }

    /**
     * The family: {@code optimizer}, {@code transform}, {@code wrapper} or {@code schedule} for the optimizer
     * kinds, and the family a {@link Kind#COMPONENT} belongs to otherwise (such as {@code compressor}).
     */
    public String family() {
        return family;
    }

    /** A one-line summary. */
    public String summary() {
        return summary;
    }

    /** The paper and reference implementation whose names and defaults this follows. */
    public String reference() {
        return reference;
    }

    /** The hyperparameters, in declaration order. */
    public List<Param> params() {
        return params;
    }

    /** The hyperparameter named {@code name}, if declared. */
    public Optional<Param> param(String paramName) {
        return Optional.ofNullable(byName.get(paramName));
    }

    /** The declared names, comma separated, for error messages. */
    public String paramNames() {
        List<String> names = new ArrayList<>();
        for (Param p : params) {
            if (!p.positional()) {
                names.add(p.name());
            }
        }
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }

    /** The defaults, to be completed with {@link Hyperparams#with}. */
    public Hyperparams defaults() {
        return Hyperparams.defaults(this);
    }

    /** Builds from complete hyperparameters; a missing required one is an error naming it. */
    public T create(Hyperparams hp) {
        if (hp.descriptor() != this) {
            throw new IllegalArgumentException(name + ": hyperparameters belong to " + hp.descriptor().name());
        }
        hp.requireComplete();
        return factory.apply(hp);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds a {@link Descriptor}. */
    public static final class Builder<T> {
        private final String name;
        private final Kind kind;
        private final Function<Hyperparams, ? extends T> factory;
        private String family;
        private String summary = "";
        private String reference = "";
        private final List<Param> params = new ArrayList<>();

        private Builder(String name, Kind kind, Function<Hyperparams, ? extends T> factory) {
            this.name = Objects.requireNonNull(name, "name");
            this.kind = Objects.requireNonNull(kind, "kind");
            this.family = kind == Kind.COMPONENT ? null : kind.name().toLowerCase(java.util.Locale.ROOT);
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /** Sets the one-line summary. */
        public Builder<T> summary(String s) {
            this.summary = s;
            return this;
        }

        /** Sets the reference (paper and implementation). */
        public Builder<T> reference(String r) {
            this.reference = r;
            return this;
        }

        /** Declares the next hyperparameter. */
        public Builder<T> param(Param p) {
            params.add(p);
            return this;
        }

        /** The descriptor. */
        public Descriptor<T> build() {
            if (family == null) {
                throw new IllegalStateException(name + ": a component needs a family; use Descriptor.component");
            }
            return new Descriptor<>(this);
        }
    }
}
