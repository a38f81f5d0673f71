package dev.gradus.distributed.coding;

/**
 * A scheme for computing a sequence of gradient jobs with straggling workers: job {@code t} starts in round
 * {@code t} and must be decoded by round {@code t + delay()}. The simulation ({@link SequentialSimulation}) asks
 * each round whether the scheme tolerates the round's stragglers (otherwise the master waits for every worker),
 * and at the end in which round each job decoded.
 */
public interface SequentialScheme {

    /** A short name: {@code gc}, {@code sr_sgc}, {@code m_sgc}. */
    String name();

    /** The deadline {@code T}: job {@code t} must decode by round {@code t + T}. */
    int delay();

    /** Each worker's computation per round, as a share of one job's full gradient. */
    double load();

    /** True when the scheme can go on without waiting for round {@code r}'s stragglers {@code now}. */
    boolean tolerates(boolean[][] history, int r, boolean[] now);

    /**
     * For the straggler pattern {@code stragglers[round][worker]} of {@code jobs + delay()} rounds, the round in which
     * each job decoded, or -1 when it did not by its deadline.
     */
    int[] decodeRounds(boolean[][] stragglers, int jobs);
}
