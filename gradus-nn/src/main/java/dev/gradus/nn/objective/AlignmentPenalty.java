package dev.gradus.nn.objective;

/** Which penalty a {@link DomainAlignmentObjective} adds to the pooled risk. */
public enum AlignmentPenalty {
    /** None: empirical risk minimisation over the pooled domains (the baseline). */
    ERM,
    /** Hessian-gradient products: {@link HessianAlignment#hgpPenalty}. */
    HGP,
    /** Hutchinson's diagonal estimates: {@link HessianAlignment#hutchinsonPenalty}. */
    HUTCHINSON
}
