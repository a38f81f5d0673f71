package dev.gradus.lab;

/** Hears about a lab run as it happens, to show progress. Every method has a do-nothing default. */
public interface LabListener {
    /** Ignores everything. */
    LabListener NONE = new LabListener() {};

    /** Experiment {@code index} (from 0) of {@code total} starts. */
    default void started(Experiment experiment, int index, int total) {}

    /**
     * The running experiment reports what it is doing.
     *
     * @param fraction how far along it is, in [0, 1], or NaN when it did not say
     */
    default void progress(Experiment experiment, String message, double fraction) {}

    /** Experiment {@code index} of {@code total} has finished, with any verdict including {@link Verdict#FAILED}. */
    default void finished(ExperimentRun run, int index, int total) {}
}
