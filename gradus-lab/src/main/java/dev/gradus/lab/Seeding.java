package dev.gradus.lab;

/**
 * How many seeds an experiment decides over. A stochastic experiment runs its trial once per seed (the issue's
 * rule: at least 5 in the quick preset and 20 in the full one, fewer only with a stated reason) and states each
 * claim over them; a deterministic one runs once and says why one run is enough.
 *
 * <p>The seeds of a run are {@code base, base + 1, ..., base + n - 1}, where {@code base} is the experiment's
 * {@link Experiment#defaultSeed() default seed} or the one given with {@code --seed}, and {@code n} is
 * {@link #count} or the number given with {@code --seeds}.
 *
 * @param deterministic true when the experiment draws no random numbers, or draws them once from a fixed seed
 * @param quick the number of seeds in the quick preset
 * @param full the number of seeds in the full preset
 * @param why why one run suffices (deterministic) or why fewer seeds than the rule were chosen; may be empty
 */
public record Seeding(boolean deterministic, int quick, int full, String why) {
    /** Checks the counts. */
    public Seeding {
        if (quick < 1 || full < 1) {
            throw new IllegalArgumentException("Seeding: need at least one seed per preset, got quick = " + quick
                    + ", full = " + full);
        }
        why = why == null ? "" : why;
    }

    /** One run: the experiment's numbers do not depend on the seed, for the reason given. */
    public static Seeding deterministic(String why) {
        if (why == null || why.isBlank()) {
            throw new IllegalArgumentException("Seeding.deterministic: say why one run is enough");
        }
        return new Seeding(true, 1, 1, why);
    }

    /** {@code quick} seeds in the quick preset, {@code full} in the full one. */
    public static Seeding seeds(int quick, int full) {
        return new Seeding(false, quick, full, "");
    }

    /** The same counts, with the reason for choosing fewer seeds than the lab's rule of 5 and 20. */
    public Seeding because(String reason) {
        return new Seeding(deterministic, quick, full, reason);
    }

    /**
     * The number of seeds to run.
     *
     * @param override the number given with {@code --seeds}, or null; a deterministic experiment ignores it and
     *     the report says so
     */
    public int count(Preset preset, Integer override) {
        if (deterministic) {
            return 1;
        }
        if (override != null) {
            return override;
        }
        return preset == Preset.QUICK ? quick : full;
    }

    /** How the report states it: {@code "deterministic: ..."} or {@code "5 seeds (quick), 20 (full)"}. */
    public String describe() {
        if (deterministic) {
            return "deterministic: " + why;
        }
        return quick + " seeds (quick), " + full + " (full)" + (why.isEmpty() ? "" : "; " + why);
    }
}
