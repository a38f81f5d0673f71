package dev.gradus.privacy;

import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.PrivacyLedger;
import java.util.ArrayList;
import java.util.List;

/**
 * How DP-SGD's batches are drawn, and so which event the accountant is given for the steps of a
 * {@link PrivacyLedger}. Poisson sampling is what the accountants' analysis assumes; shuffled fixed-size batches
 * (what most training loops do, and what Opacus accounts as if Poisson, opacus#80) are allowed only by naming the
 * assumption under which they are accounted.
 */
public enum BatchSampling {
    /**
     * Each example joins each batch independently with probability q; the ledger's steps are Poisson-sampled
     * Gaussian steps under add/remove-one adjacency (Abadi et al. 2016; Mironov, Talwar &amp; Zhang 2019).
     */
    POISSON("poisson sampling at rate q, add/remove-one adjacency: the setting of the RDP and PRV analyses"),
    /**
     * Shuffled fixed-size batches accounted as if they were Poisson samples at q = B/N. This is the usual practice
     * but not a proven bound: Chua et al. 2024 (How private are DP-SGD implementations?, ICML) show that shuffling
     * can leak more than the Poisson accounting says.
     */
    SHUFFLE_AS_POISSON("ASSUMPTION: shuffled fixed-size batches accounted as if Poisson-sampled at q = B/N; this is"
            + " not a proven bound for shuffling (Chua et al. 2024 show it can be optimistic)"),
    /**
     * Shuffled fixed-size batches with no amplification: under replace-one adjacency an example is in exactly one
     * batch per epoch, whose clipped sum then changes by at most 2C, so each epoch is one Gaussian mechanism at
     * multiplier σ/2 and the run is their adaptive composition (Dong, Roth &amp; Su 2019). Proven, and loose.
     */
    SHUFFLE_NO_AMPLIFICATION("shuffled fixed-size batches, no amplification: one Gaussian release at multiplier"
            + " sigma/2 per epoch touched (sensitivity 2C under replace-one adjacency); a proven bound");

    private final String assumption;

    BatchSampling(String assumption) {
        this.assumption = assumption;
    }

    /** What the accounting assumes, in words, for logs and {@code summary.json}. */
    public String assumption() {
        return assumption;
    }

    /** The event the accountant evaluates for the steps {@code recorded} (a ledger's {@link PrivacyLedger#event}). */
    public DpEvent event(DpEvent recorded) {
        if (this != SHUFFLE_NO_AMPLIFICATION) {
            return recorded;
        }
        List<DpEvent> epochs = new ArrayList<>();
        for (DpEvent phase : ((DpEvent.Composed) recorded).events()) {
            DpEvent.SelfComposed s = (DpEvent.SelfComposed) phase;
            DpEvent.PoissonSampled p = (DpEvent.PoissonSampled) s.event();
            double sigma = ((DpEvent.Gaussian) p.event()).noiseMultiplier();
            long perEpoch = Math.max(1, (long) Math.floor(1 / p.rate() + 1e-9)); // floor(N/B) full batches
            long touched = (s.count() + perEpoch - 1) / perEpoch;
            epochs.add(new DpEvent.SelfComposed(new DpEvent.Gaussian(sigma / 2), touched));
        }
        return new DpEvent.Composed(epochs);
    }
}
