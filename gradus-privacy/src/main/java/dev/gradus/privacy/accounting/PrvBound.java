package dev.gradus.privacy.accounting;

/**
 * What the {@link PrvAccountant} proves for one event: the true ε at δ lies in {@code [epsilonLower, epsilonUpper]},
 * and {@code epsilonUpper} is the guarantee (Opacus' {@code PRVAccountant.get_epsilon} also returns the upper end).
 *
 * @param epsilonLower a lower bound on the event's ε at δ: no accountant can prove less
 * @param epsilonEstimate ε of the discretised distribution at exactly δ, without the error terms
 * @param epsilonUpper the proven ε: δ-DP holds at this ε
 * @param delta δ
 * @param epsilonError the Hoeffding slack {@code h·sqrt(T·log(1/δ_H)/2)} added to (and taken from) the estimate
 * @param deltaError the δ spent on the error terms: the Hoeffding failure probability, the per-step truncation mass
 *     and the FFT window's aliasing mass
 * @param gridStep the loss grid spacing h
 * @param points the FFT length used (the accountant's memory is a small multiple of it)
 * @param relation which neighbouring relation (remove or add) gave the larger ε
 */
public record PrvBound(double epsilonLower, double epsilonEstimate, double epsilonUpper, double delta,
                       double epsilonError, double deltaError, double gridStep, int points, String relation) {

    /** The width {@code epsilonUpper − epsilonLower} of the interval that holds the true ε. */
    public double errorBound() {
        return epsilonUpper - epsilonLower;
    }
}
