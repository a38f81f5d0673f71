package dev.gradus.distributed.coding;

/**
 * Plain gradient coding round by round ({@code T = 0}): a code tolerating {@code s} stragglers, load
 * {@code (s + 1) / n}; job {@code t} decodes in round {@code t} when at most {@code s} workers straggle. With
 * {@code strict}, the reference simulator's condition ({@code #stragglers < s}) is used instead, as its code does.
 */
public record GcScheme(int workers, int s, boolean strict) implements SequentialScheme {

    @Override
    public String name() {
        return "gc";
    }

    @Override
    public int delay() {
        return 0;
    }

    @Override
    public double load() {
        return (s + 1.0) / workers;
    }

    @Override
    public boolean tolerates(boolean[][] history, int r, boolean[] now) {
        int count = 0;
        for (boolean b : now) {
            count += b ? 1 : 0;
        }
        return strict ? count < s : count <= s;
    }

    @Override
    public int[] decodeRounds(boolean[][] stragglers, int jobs) {
        int[] out = new int[jobs];
        for (int t = 0; t < jobs; t++) {
            out[t] = tolerates(stragglers, t, stragglers[t]) ? t : -1;
        }
        return out;
    }
}
