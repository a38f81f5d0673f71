package dev.gradus.lab;

/**
 * A claim's verdict and how it was reached.
 *
 * @param id the claim's id
 * @param statement the claim
 * @param verdict the claim's verdict
 * @param rule the aggregation rule, as stated
 * @param why one sentence on how the verdict follows from the judgements below
 * @param subject the test on the subject
 * @param control the same test on the negative control, or null when the claim has none
 * @param controlWhy what the control is and why it must fail, or why there is none
 * @param paperForm the same test on the paper's form (claims about the authors' code), else null
 * @param precondition the precondition on the subject, or null when there is none
 */
public record ClaimResult(String id, String statement, Verdict verdict, String rule, String why, Judgement subject,
                          Judgement control, String controlWhy, Judgement paperForm, Judgement precondition) {

    /** The number the summary shows: the subject's deciding number, and the control's when there is one. */
    public String deciding() {
        String s = subject.subject() + ": " + subject.deciding();
        return control == null ? s : s + "; control " + control.subject() + ": " + control.deciding();
    }
}
