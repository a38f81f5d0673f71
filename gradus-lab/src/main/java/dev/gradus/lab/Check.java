package dev.gradus.lab;

/**
 * One clause of a criterion, evaluated: what it demands, what was measured, and its verdict.
 *
 * @param clause the requirement, for example {@code "slope in [-1.2, -0.8]"}
 * @param measured the measured values it was decided on, for example {@code "slope = -0.94"}
 * @param verdict the clause's verdict
 */
public record Check(String clause, String measured, Verdict verdict) {}
