package dev.gradus.distributed.coding;

/**
 * Runs a {@link SequentialScheme} over {@code jobs} jobs with given worker delays, as the reference simulator
 * ({@code mamaj/Sequential-Gradient-Coding-2}) times rounds: worker {@code i}'s time in round {@code r} is
 * {@code load * delays[r][i]}; the master waits {@code min_i time_i (1 + mu)}; the workers slower than that
 * straggle, and the round lasts {@code min(wait, max_i time_i)}. When the scheme cannot tolerate those stragglers
 * the master waits for everyone instead: no one straggles and the round lasts the slowest worker's time.
 */
public final class SequentialSimulation {
    private SequentialSimulation() {}

    /**
     * The outcome.
     *
     * @param scheme the scheme's name
     * @param load its per-worker load
     * @param runtime the simulated total time, the sum of the round durations
     * @param stragglers the straggler pattern the rounds produced
     * @param decodeRounds each job's decoding round, or -1 when it missed its deadline
     * @param waitedForAll the rounds in which the master waited for every worker
     */
    public record Result(String scheme, double load, double runtime, boolean[][] stragglers, int[] decodeRounds,
            int waitedForAll) {

        /** True when every job decoded by its deadline. */
        public boolean allDecodedInTime(int delay) {
            for (int t = 0; t < decodeRounds.length; t++) {
                if (decodeRounds[t] < 0 || decodeRounds[t] > t + delay) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Simulates {@code scheme} on {@code jobs} jobs; {@code delays} has at least {@code jobs + delay()} rows. */
    public static Result run(SequentialScheme scheme, int jobs, double[][] delays, double mu) {
        int rounds = jobs + scheme.delay();
        if (delays.length < rounds) {
            throw new IllegalArgumentException(scheme.name() + ": needs delays for " + rounds + " rounds, got "
                    + delays.length);
        }
        double load = scheme.load();
        boolean[][] pattern = new boolean[rounds][];
        double runtime = 0;
        int waited = 0;
        for (int r = 0; r < rounds; r++) {
            double[] d = delays[r];
            int n = d.length;
            double fastest = Double.POSITIVE_INFINITY;
            double slowest = 0;
            for (double x : d) {
                fastest = Math.min(fastest, load * x);
                slowest = Math.max(slowest, load * x);
            }
            double wait = fastest * (1 + mu);
            boolean[] now = new boolean[n];
            for (int i = 0; i < n; i++) {
                now[i] = load * d[i] > wait;
            }
            if (scheme.tolerates(pattern, r, now)) {
                runtime += Math.min(wait, slowest);
            } else {
                now = new boolean[n];
                runtime += slowest;
                waited++;
            }
            pattern[r] = now;
        }
        return new Result(scheme.name(), load, runtime, pattern, scheme.decodeRounds(pattern, jobs), waited);
    }
}
