package dev.gradus.lab;

import java.util.Locale;

/** How big a run is. */
public enum Preset {
    /** Small enough for a test and for {@code gradus lab}: at most 60 s per experiment on a 2-core machine. */
    QUICK,
    /** The paper's scale where that is feasible on one machine. */
    FULL;

    /** The lower-case name used on the command line and in reports. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code quick} or {@code full}, in any case. */
    public static Preset parse(String text) {
        for (Preset p : values()) {
            if (p.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + text + "': expected quick or full");
    }
}
