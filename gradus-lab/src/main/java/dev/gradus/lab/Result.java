package dev.gradus.lab;

import java.util.List;

/**
 * A criterion's verdict on a set of metrics and how it was reached, from {@link Criterion#assess}.
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
