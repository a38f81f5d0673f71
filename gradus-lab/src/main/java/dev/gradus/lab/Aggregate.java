package dev.gradus.lab;

import java.util.Locale;

/**
 * How a claim's per-seed test becomes one decision over the seeds: the criterion holds in at least a stated
 * fraction of them, or it holds on the median of each metric over them. Stated with the claim, before the run.
 */
public sealed interface Aggregate {

    /** The rule as the report states it, for example {@code "in at least 80% of seeds"}. */
    String describe();

    /**
     * The criterion holds on at least {@code fraction} of the seeds. A seed that crashed counts as a seed where the
     * subject's test failed; a seed that could not decide (a missing or NaN metric) makes the claim inconclusive
     * when it could have changed the outcome.
     */
    static Aggregate inAtLeast(double fraction) {
        return new Fraction(fraction);
    }

    /** The criterion holds in every seed. */
    static Aggregate everySeed() {
        return new Fraction(1);
    }

    /** The criterion holds on the median, over the seeds that ran, of each metric it reads. */
    static Aggregate median() {
        return new Median();
    }

    /** Holds in at least {@code fraction} of the seeds. */
    record Fraction(double fraction) implements Aggregate {
        /** Checks the fraction. */
        public Fraction {
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("Aggregate.inAtLeast: fraction must be in (0, 1], got " + fraction);
            }
        }

        /** How many of {@code n} seeds must pass. */
        int needed(int n) {
            return (int) Math.ceil(fraction * n - 1e-9);
        }

        @Override
        public String describe() {
            return fraction == 1 ? "in every seed"
                    : String.format(Locale.ROOT, "in at least %d%% of seeds", Math.round(100 * fraction));
        }
    }

    /** Holds on the per-metric median over the seeds. */
    record Median() implements Aggregate {
        @Override
        public String describe() {
            return "on the median over seeds";
        }
    }
}
