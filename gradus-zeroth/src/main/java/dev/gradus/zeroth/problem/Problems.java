package dev.gradus.zeroth.problem;

import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.zeroth.Problem;

/** The {@code objective} spec family: {@code rastrigin(d=10)}, {@code zdt1(n=30)}, and what other modules register. */
public final class Problems {
    private Problems() {}

    /** The family; components register through {@code DescriptorProvider}. */
    public static final SpecFamily<Problem> FAMILY = SpecFamily.of("objective", Problem.class);

    /** Parses and builds a problem, such as {@code rastrigin(d=10)}. */
    public static Problem parse(String spec) {
        return FAMILY.parse(spec);
    }
}
