package dev.gradus.lab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Decides a {@link Claim} from the seeds' outcomes, by the rules stated on {@link Claim}. */
final class ClaimJudge {
    private ClaimJudge() {}

    static ClaimResult judge(Claim claim, List<SeedOutcome> outcomes) {
        Judgement pre = claim.preconditionOn(claim.subject()) == null ? null
                : test(claim.preconditionOn(claim.subject()), claim.subject(), claim.rule(), outcomes, true);
        Judgement subject = test(claim.testOn(claim.subject()), claim.subject(), claim.rule(), outcomes, true);
        Judgement control = claim.control() == null ? null
                : test(claim.testOn(claim.control()), claim.control(), claim.rule(), outcomes, false);
        Judgement paper = claim.paperForm() == null ? null
                : test(claim.testOn(claim.paperForm()), claim.paperForm(), claim.rule(), outcomes, true);

        int total = outcomes.size();
        int usable = 0;
        for (SeedOutcome o : outcomes) {
            usable += o.status() == SeedOutcome.Status.SKIPPED ? 0 : 1;
        }
        Verdict v;
        String why;
        if (usable * 2 < total || usable == 0) {
            v = Verdict.INCONCLUSIVE;
            why = "only " + usable + " of " + total + " seeds could be used (the others were skipped)";
        } else if (pre != null && !pre.held()) {
            v = Verdict.INCONCLUSIVE;
            why = "the precondition " + (pre.decision() == Verdict.INCONCLUSIVE ? "could not be decided" : "failed")
                    + " (" + pre.deciding() + "), so the run could not test the claim";
        } else if (subject.decision() == Verdict.INCONCLUSIVE) {
            v = Verdict.INCONCLUSIVE;
            why = "the test on " + subject.subject() + " could not be decided (" + subject.deciding() + ")";
        } else if (paper != null) {
            if (subject.held()) {
                v = Verdict.REPRODUCED;
                why = "the authors' code (" + subject.subject() + ") passes the test, as the paper's form does"
                        + (paper.held() ? "" : " not");
            } else if (paper.held()) {
                v = Verdict.CODE_DEVIATES;
                why = "the paper's form (" + paper.subject() + ") passes the test and the authors' code ("
                        + subject.subject() + ") fails it";
            } else {
                v = Verdict.NOT_REPRODUCED;
                why = "neither the authors' code nor the paper's form passes the test";
            }
        } else if (!subject.held()) {
            v = Verdict.NOT_REPRODUCED;
            why = subject.subject() + " fails the test (" + subject.deciding() + ")";
        } else if (control == null) {
            v = Verdict.REPRODUCED;
            why = subject.subject() + " passes the test; no control: " + claim.controlWhy();
        } else if (control.decision() == Verdict.INCONCLUSIVE) {
            v = Verdict.INCONCLUSIVE;
            why = subject.subject() + " passes, but the control " + control.subject()
                    + " could not be decided (" + control.deciding() + ")";
        } else if (control.held()) {
            v = Verdict.INCONCLUSIVE;
            why = "the control " + control.subject() + " passes the same test (" + control.deciding()
                    + "), so the test does not tell the methods apart";
        } else {
            v = Verdict.REPRODUCED;
            why = subject.subject() + " passes the test and the control " + control.subject() + " fails it";
        }
        return new ClaimResult(claim.id(), claim.statement(), v, claim.rule().describe(), why, subject, control,
                claim.controlWhy(), paper, pre);
    }

    /**
     * The test on one subject over the seeds.
     *
     * @param crashesCount true when a crashed seed counts as a failure (the subject); false to leave crashed seeds
     *     out (the control: a crash must never help a claim)
     */
    static Judgement test(Criterion criterion, String who, Aggregate rule, List<SeedOutcome> outcomes,
                          boolean crashesCount) {
        List<Judgement.SeedCheck> seeds = new ArrayList<>();
        int passed = 0;
        int doubtful = 0;
        int counted = 0;
        List<SeedOutcome> ran = new ArrayList<>();
        for (SeedOutcome o : outcomes) {
            switch (o.status()) {
                case SKIPPED -> seeds.add(new Judgement.SeedCheck(o.seed(), Verdict.INCONCLUSIVE, List.of(),
                        "skipped: " + o.message()));
                case CRASHED -> {
                    seeds.add(new Judgement.SeedCheck(o.seed(), Verdict.NOT_REPRODUCED, List.of(),
                            "crashed: " + o.message() + (crashesCount ? "" : " (not counted for the control)")));
                    counted += crashesCount ? 1 : 0;
                }
                case RAN -> {
                    List<Check> checks = criterion.evaluate(o.metrics());
                    Verdict v = Verdict.allOf(verdicts(checks));
                    seeds.add(new Judgement.SeedCheck(o.seed(), v, checks, ""));
                    counted++;
                    passed += v == Verdict.REPRODUCED ? 1 : 0;
                    doubtful += v == Verdict.INCONCLUSIVE ? 1 : 0;
                    ran.add(o);
                }
            }
        }
        if (rule instanceof Aggregate.Fraction f) {
            int need = f.needed(counted);
            Verdict decision;
            if (counted == 0) {
                decision = Verdict.INCONCLUSIVE;
            } else if (passed >= need) {
                decision = Verdict.REPRODUCED;
            } else if (passed + doubtful >= need) {
                decision = Verdict.INCONCLUSIVE;
            } else {
                decision = Verdict.NOT_REPRODUCED;
            }
            String deciding = passed + "/" + counted + " seeds (" + need + " needed)"
                    + (doubtful > 0 ? ", " + doubtful + " undecided" : "");
            return new Judgement(who, criterion.text(), decision, deciding, seeds, List.of());
        }
        Map<String, Double> medians = medians(ran);
        List<Check> checks = ran.isEmpty() ? List.of() : criterion.evaluate(medians);
        Verdict decision = ran.isEmpty() ? Verdict.INCONCLUSIVE : Verdict.allOf(verdicts(checks));
        StringBuilder deciding = new StringBuilder("median over " + ran.size() + " seeds: ");
        for (Check c : checks) {
            deciding.append(c == checks.get(0) ? "" : "; ").append(c.measured());
        }
        return new Judgement(who, criterion.text(), decision, deciding.toString(), seeds, checks);
    }

    private static Map<String, Double> medians(List<SeedOutcome> ran) {
        Set<String> names = new LinkedHashSet<>();
        for (SeedOutcome o : ran) {
            names.addAll(o.metrics().keySet());
        }
        SeedResults r = new SeedResults(ran);
        Map<String, Double> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, r.median(n));
        }
        return out;
    }

    private static List<Verdict> verdicts(List<Check> checks) {
        List<Verdict> v = new ArrayList<>(checks.size());
        for (Check c : checks) {
            v.add(c.verdict());
        }
        return v;
    }
}
