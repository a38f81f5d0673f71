package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;
import java.util.Map;

/**
 * The bookkeeping every environment shares: its name, the random stream that {@code reset(seed)} replaces, the time
 * limit, the step count, and the refusal to step before a reset or after the episode ended. A subclass starts an
 * episode in {@link #start}, advances it in its {@code step}, between {@link #beginStep()} and {@link #endStep}, and
 * saves the bookkeeping with {@link #clock()} and {@link #restoreClock}.
 */
public abstract class EpisodicEnvironment implements Environment {
    private final String name;
    private final int maxSteps;
    private RandomStream rng = RandomStream.of(0);
    private int elapsed;
    private boolean running;
    private boolean done;

    /** An environment called {@code name} with time limit {@code maxSteps}. */
    protected EpisodicEnvironment(String name, int maxSteps) {
        if (maxSteps < 1) {
            throw new IllegalArgumentException(name + ": max_steps must be at least 1, got " + maxSteps);
        }
        this.name = name;
        this.maxSteps = maxSteps;
    }

    /** Starts an episode drawing from {@code random}; returns the first observation. */
    protected abstract double[] start(RandomStream random);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int maxEpisodeSteps() {
        return maxSteps;
    }

    @Override
    public final int elapsed() {
        return elapsed;
    }

    /** The environment's random stream (live). */
    protected final RandomStream random() {
        return rng;
    }

    @Override
    public final double[] reset(long seed) {
        rng = RandomStream.of(seed);
        return reset();
    }

    @Override
    public final double[] reset() {
        double[] o = start(rng);
        begin(false);
        return o;
    }

    /** Marks the start of an episode ({@code finished}: one that starts in a terminal state). */
    protected final void begin(boolean finished) {
        elapsed = 0;
        running = true;
        done = finished;
    }

    /** Refuses a step before a reset or after the end of the episode. */
    protected final void beginStep() {
        if (!running) {
            throw new IllegalStateException(name + ": call reset before the first step");
        }
        if (done) {
            throw new IllegalStateException(name + ": the episode has ended (terminated or truncated); call reset");
        }
    }

    /** Counts the step, applies the time limit and returns the result; {@code info} adds to {@code elapsed}. */
    protected final Step endStep(double[] observation, double reward, boolean terminated, Map<String, Object> info) {
        elapsed++;
        boolean truncated = !terminated && elapsed >= maxSteps;
        done = terminated || truncated;
        Map<String, Object> all = info.isEmpty() ? Map.of("elapsed", elapsed) : new java.util.LinkedHashMap<>(info);
        if (!info.isEmpty()) {
            all.put("elapsed", elapsed);
        }
        return new Step(observation, reward, terminated, truncated, all);
    }

    /** The step count and the two flags, for a subclass's saved state. */
    protected final double[] clock() {
        return new double[] {elapsed, running ? 1 : 0, done ? 1 : 0};
    }

    /** Sets the bookkeeping from {@code v[at..at+2]} (as {@link #clock()} wrote) and the stream from {@code random}. */
    protected final void restoreClock(double[] v, int at, RandomStream random) {
        elapsed = (int) v[at];
        running = v[at + 1] != 0;
        done = v[at + 2] != 0;
        rng = random.copy();
    }
}
