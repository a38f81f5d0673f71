package dev.gradus.lab;

import java.util.List;

/**
 * The verdict of a run and how it was reached, returned by {@link Experiment#run} from
 * {@link ExperimentContext#conclude(Criterion)}.
 *
 * @param verdict the overall verdict
 * @param criterion the criterion's text, as the report states it
 * @param checks each clause with its measured values and verdict
 */
public record Result(Verdict verdict, String criterion, List<Check> checks) {
    /** Copies the list. */
    public Result {
        checks = List.copyOf(checks);
    }
}
