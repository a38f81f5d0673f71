package dev.gradus.optim;

import dev.gradus.optim.spec.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One thing a transformation needs from its caller: a {@link Capability}, who needs it (the transformation's
 * spec name) and why, such as {@code GRADIENT needed by sam for the gradient at the perturbed point}.
 *
 * @param capability what is needed
 * @param by the spec name of the transformation that needs it, such as {@code sam}
 * @param why what it is used for, completing "needed for ..."
 */
public record Requirement(Capability capability, String by, String why) {

    /**
     * Refuses {@code transformation} unless {@code offered} covers all its {@link
     * GradientTransformation#requirements()}: the error names the transformation, every missing capability,
     * who needs it and why, and what {@code caller} offers.
     *
     * @param caller the place that would run it, such as {@code "gradus optim replay"}, completing "... offers"
     * @throws MissingCapabilityException when a requirement is not offered
     */
    public static void check(GradientTransformation transformation, Set<Capability> offered, String caller) {
        List<String> missing = new ArrayList<>();
        for (Requirement r : transformation.requirements()) {
            if (!offered.contains(r.capability())) {
                String need = r.by() + " needs " + r.capability().description() + " (" + r.capability() + ") for "
                        + r.why();
                if (!missing.contains(need)) {
                    missing.add(need);
                }
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String name = Specs.printable(transformation) ? Specs.print(transformation)
                : transformation.getClass().getSimpleName();
        List<String> gives = new ArrayList<>();
        gives.add("the gradient");
        for (Capability c : offered) {
            gives.add(c.description());
        }
        throw new MissingCapabilityException(name + ": " + String.join("; ", missing) + ", but " + caller
                + " offers only " + String.join(", ", gives));
    }
}
