package dev.gradus.privacy.accounting;

/** Turns a {@link DpEvent} into an (epsilon, delta) guarantee. */
public interface Accountant {

    /**
     * The smallest ε this accountant can prove for {@code event} at {@code delta}.
     *
     * @throws IllegalArgumentException when delta is outside (0, 1) or the event holds a mechanism this accountant
     *     cannot evaluate
     */
    PrivacyBound epsilon(DpEvent event, double delta);

    /** A short name with the settings, such as {@code rdp(conversion=improved, orders=opacus)}. */
    String describe();

    /** Refuses a delta outside (0, 1), naming it. */
    static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta " + delta + " is outside (0, 1)");
        }
    }
}
