package dev.gradus.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A test on an experiment's metrics that decides its verdict, written declaratively so that the same object gives
 * the text the report states and the verdict:
 *
 * <pre>{@code
 * Criterion.allOf(
 *     Criterion.below("sym_k_eq_r_error_t3000", 1e-12),
 *     Criterion.between("sym_k_gt_r_loglog_slope", -1.2, -0.8),
 *     Criterion.increasing("asym_rate_alpha_0.01", "asym_rate_alpha_0.03", "asym_rate_alpha_0.1"))
 * }</pre>
 *
 * <p>Each clause is {@link Verdict#REPRODUCED} when it holds, {@link Verdict#NOT_REPRODUCED} when it does not,
 * and {@link Verdict#INCONCLUSIVE} when a metric it reads is missing or NaN. {@link #allOf} holds when every clause
 * does; {@link #precondition} turns a failed clause into "cannot decide" for checks of the setup itself (for
 * example that a run was long enough to enter the regime the claim is about).
 *
 * <p>Criteria come from the paper or the spec, written before the experiment is run, and are never loosened to
 * make an experiment pass.
 */
public final class Criterion {
    private final String text;
    private final Function<Map<String, Double>, List<Check>> test;

    private Criterion(String text, Function<Map<String, Double>, List<Check>> test) {
        this.text = text;
        this.test = test;
    }

    /** The criterion as the report states it. */
    public String text() {
        return text;
    }

    /** Each clause, checked against the metrics. */
    public List<Check> evaluate(Map<String, Double> metrics) {
        return test.apply(metrics);
    }

    /** The verdict on the metrics, with the text and the clause-by-clause checks. */
    public Result assess(Map<String, Double> metrics) {
        List<Check> checks = evaluate(metrics);
        List<Verdict> verdicts = new ArrayList<>(checks.size());
        for (Check c : checks) {
            verdicts.add(c.verdict());
        }
        return new Result(Verdict.allOf(verdicts), text, checks);
    }

    @Override
    public String toString() {
        return text;
    }

    /** {@code lo <= metric <= hi}. */
    public static Criterion between(String metric, double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("Criterion.between(" + metric + "): need lo <= hi, got " + lo + ", " + hi);
        }
        return compare(metric + " in [" + Format.number(lo) + ", " + Format.number(hi) + "]", metric,
                v -> v >= lo && v <= hi);
    }

    /** {@code metric <= max}. */
    public static Criterion atMost(String metric, double max) {
        return compare(metric + " <= " + Format.number(max), metric, v -> v <= max);
    }

    /** {@code metric >= min}. */
    public static Criterion atLeast(String metric, double min) {
        return compare(metric + " >= " + Format.number(min), metric, v -> v >= min);
    }

    /** {@code metric < bound}. */
    public static Criterion below(String metric, double bound) {
        return compare(metric + " < " + Format.number(bound), metric, v -> v < bound);
    }

    /** {@code metric > bound}. */
    public static Criterion above(String metric, double bound) {
        return compare(metric + " > " + Format.number(bound), metric, v -> v > bound);
    }

    /** {@code metric == value} exactly, for counts such as iterations. */
    public static Criterion equalTo(String metric, double value) {
        return compare(metric + " = " + Format.number(value), metric, v -> v == value);
    }

    /** The metrics strictly increase in the order given. */
    public static Criterion increasing(String... metrics) {
        return ordered(" < ", true, metrics);
    }

    /** The metrics strictly decrease in the order given. */
    public static Criterion decreasing(String... metrics) {
        return ordered(" > ", false, metrics);
    }

    /** Every criterion holds. */
    public static Criterion allOf(Criterion... criteria) {
        if (criteria.length == 0) {
            throw new IllegalArgumentException("Criterion.allOf: needs at least one criterion");
        }
        StringBuilder text = new StringBuilder();
        for (Criterion c : criteria) {
            text.append(text.isEmpty() ? "" : "; and ").append(c.text);
        }
        List<Criterion> parts = List.of(criteria);
        return new Criterion(text.toString(), metrics -> {
            List<Check> checks = new ArrayList<>();
            for (Criterion c : parts) {
                checks.addAll(c.evaluate(metrics));
            }
            return checks;
        });
    }

    /**
     * A condition on the setup rather than on the claim: when it fails, the verdict is
     * {@link Verdict#INCONCLUSIVE} (the run could not test the claim), not {@link Verdict#NOT_REPRODUCED}.
     */
    public static Criterion precondition(Criterion c) {
        return new Criterion("(precondition) " + c.text, metrics -> {
            List<Check> checks = new ArrayList<>();
            for (Check k : c.evaluate(metrics)) {
                Verdict v = k.verdict() == Verdict.NOT_REPRODUCED ? Verdict.INCONCLUSIVE : k.verdict();
                checks.add(new Check("(precondition) " + k.clause(), k.measured(), v));
            }
            return checks;
        });
    }

    private interface DoubleTest {
        boolean test(double v);
    }

    private static Criterion compare(String clause, String metric, DoubleTest holds) {
        return new Criterion(clause, metrics -> {
            Double v = metrics.get(metric);
            if (v == null) {
                return List.of(new Check(clause, metric + " was not measured", Verdict.INCONCLUSIVE));
            }
            String measured = metric + " = " + Format.number(v);
            if (Double.isNaN(v)) {
                return List.of(new Check(clause, measured, Verdict.INCONCLUSIVE));
            }
            return List.of(new Check(clause, measured, holds.test(v) ? Verdict.REPRODUCED : Verdict.NOT_REPRODUCED));
        });
    }

    private static Criterion ordered(String sign, boolean up, String... metrics) {
        if (metrics.length < 2) {
            throw new IllegalArgumentException("Criterion." + (up ? "increasing" : "decreasing")
                    + ": needs at least two metrics");
        }
        String clause = String.join(sign, metrics);
        List<String> names = List.of(metrics);
        return new Criterion(clause, values -> {
            StringBuilder measured = new StringBuilder();
            Verdict verdict = Verdict.REPRODUCED;
            Double previous = null;
            for (String name : names) {
                Double v = values.get(name);
                measured.append(measured.isEmpty() ? "" : ", ").append(name).append(" = ")
                        .append(v == null ? "not measured" : Format.number(v));
                if (v == null || v.isNaN()) {
                    verdict = verdict == Verdict.NOT_REPRODUCED ? verdict : Verdict.INCONCLUSIVE;
                } else if (previous != null && !previous.isNaN() && !(up ? previous < v : previous > v)) {
                    verdict = Verdict.NOT_REPRODUCED;
                }
                previous = v;
            }
            return List.of(new Check(clause, measured.toString(), verdict));
        });
    }
}
