package dev.gradus.lab;

import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One claim of an experiment, declared before the run: a per-seed test on the metrics of a <em>subject</em> (a
 * method or condition), how it is aggregated over seeds, and the negative control, the baseline the paper argues
 * against, which must fail the same test.
 *
 * <pre>{@code
 * Claim.that("norm-kept", "Paper-form SGDP keeps the weight norm of scale-invariant weights")
 *         .test(s -> Criterion.atMost(s + ".norm_growth", 0.01))
 *         .subject("sgdp_paper")
 *         .control("sgd", "momentum SGD grows the norm, which is what the paper argues against")
 *         .rule(Aggregate.inAtLeast(0.8))
 *         .build();
 * }</pre>
 *
 * <p>The test is a function of the subject's name, so the same test reads the subject's metrics
 * ({@code sgdp_paper.norm_growth}) and the control's ({@code sgd.norm_growth}). The verdict:
 * <ul>
 *   <li>{@link Verdict#INCONCLUSIVE} when a {@link Builder#precondition precondition} fails on the subject, too
 *       few seeds ran, a metric is missing or NaN where it matters, or the control passes the test too;</li>
 *   <li>{@link Verdict#NOT_REPRODUCED} when the subject fails;</li>
 *   <li>{@link Verdict#REPRODUCED} when the subject passes and the control fails (or the claim has no control,
 *       with the reason stated);</li>
 *   <li>for a claim about the authors' code ({@link Builder#authorsCodeOf}): {@link Verdict#CODE_DEVIATES} when the
 *       code fails where the paper's form passes.</li>
 * </ul>
 */
public final class Claim {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final String id;
    private final String statement;
    private final Function<String, Criterion> test;
    private final String subject;
    private final String control;
    private final String controlWhy;
    private final String paperForm;
    private final Function<String, Criterion> precondition;
    private final Aggregate rule;

    private Claim(Builder b) {
        this.id = b.id;
        this.statement = b.statement;
        this.test = b.test;
        this.subject = b.subject;
        this.control = b.control;
        this.controlWhy = b.controlWhy;
        this.paperForm = b.paperForm;
        this.precondition = b.precondition;
        this.rule = b.rule;
    }

    /** Starts a claim with a short id (lower case, digits, '-') and its statement in one sentence. */
    public static Builder that(String id, String statement) {
        return new Builder(id, statement);
    }

    /** The claim's id, unique within its experiment. */
    public String id() {
        return id;
    }

    /** The claim in one sentence. */
    public String statement() {
        return statement;
    }

    /** The subject whose metrics the test reads. */
    public String subject() {
        return subject;
    }

    /** The negative control's subject, or null when the claim has none. */
    public String control() {
        return control;
    }

    /** What the control is and why it must fail, or why the claim has no control. */
    public String controlWhy() {
        return controlWhy;
    }

    /** The subject in the paper's form when this claim is about the authors' code, else null. */
    public String paperForm() {
        return paperForm;
    }

    /** How the per-seed test is aggregated. */
    public Aggregate rule() {
        return rule;
    }

    /** The test applied to a subject. */
    public Criterion testOn(String who) {
        return test.apply(who);
    }

    /** The precondition applied to a subject, or null when there is none. */
    public Criterion preconditionOn(String who) {
        return precondition == null ? null : precondition.apply(who);
    }

    /** Declares a {@link Claim}. */
    public static final class Builder {
        private final String id;
        private final String statement;
        private Function<String, Criterion> test;
        private String subject;
        private String control;
        private String controlWhy;
        private String paperForm;
        private Function<String, Criterion> precondition;
        private Aggregate rule = Aggregate.inAtLeast(0.8);
        private boolean controlStated;

        private Builder(String id, String statement) {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("Claim id '" + id + "' must be lower-case letters, digits and '-'");
            }
            if (statement == null || statement.isBlank()) {
                throw new IllegalArgumentException("Claim '" + id + "': state the claim");
            }
            this.id = id;
            this.statement = statement;
        }

        /** The per-seed test, as a function of the subject's name (use it as the metrics' prefix). */
        public Builder test(Function<String, Criterion> test) {
            this.test = test;
            return this;
        }

        /** The method or condition the claim is about. */
        public Builder subject(String subject) {
            this.subject = subject;
            return this;
        }

        /** The negative control: the baseline that must fail the same test, and why. */
        public Builder control(String control, String why) {
            if (control == null || control.isBlank() || why == null || why.isBlank()) {
                throw new IllegalArgumentException("Claim '" + id + "': a control needs a subject and a reason");
            }
            this.control = control;
            this.controlWhy = why;
            this.controlStated = true;
            return this;
        }

        /** The claim contrasts nothing (a rate, a bound), so it has no control; say why. */
        public Builder noControl(String why) {
            if (why == null || why.isBlank()) {
                throw new IllegalArgumentException("Claim '" + id + "': say why the claim has no negative control");
            }
            this.control = null;
            this.controlWhy = why;
            this.controlStated = true;
            return this;
        }

        /**
         * This claim is about the authors' reference code (the subject); {@code paperSubject} is the paper's form,
         * run under the same test. The code failing where the paper's form passes is {@link Verdict#CODE_DEVIATES}.
         */
        public Builder authorsCodeOf(String paperSubject) {
            this.paperForm = paperSubject;
            return this;
        }

        /** A condition on the setup, tested on the subject with the same rule; failing it is INCONCLUSIVE. */
        public Builder precondition(Function<String, Criterion> precondition) {
            this.precondition = precondition;
            return this;
        }

        /** How the per-seed test is aggregated (default: in at least 80% of seeds). */
        public Builder rule(Aggregate rule) {
            this.rule = rule;
            return this;
        }

        /** The claim; the test and subject are required, and a control or the reason there is none. */
        public Claim build() {
            if (test == null || subject == null || subject.isBlank()) {
                throw new IllegalArgumentException("Claim '" + id + "': needs a test and a subject");
            }
            if (!controlStated && paperForm == null) {
                throw new IllegalArgumentException("Claim '" + id + "': name its negative control with control(...), "
                        + "or say why it has none with noControl(...)");
            }
            if (rule == null) {
                throw new IllegalArgumentException("Claim '" + id + "': needs a rule");
            }
            if (controlWhy == null) {
                controlWhy = "the control is the paper's form of the method, " + paperForm;
            }
            return new Claim(this);
        }
    }
}
