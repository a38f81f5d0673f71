package dev.gradus.privacy.accounting;

import java.util.List;

/**
 * What a private computation released, as a tree that any accountant can evaluate, in the manner of Google's
 * dp_accounting ({@code GaussianDpEvent}, {@code PoissonSampledDpEvent}, {@code SelfComposedDpEvent},
 * {@code ComposedDpEvent}). DP-SGD for {@code T} steps at rate {@code q} and multiplier {@code σ} is
 * {@code SelfComposed(PoissonSampled(q, Gaussian(σ)), T)}, {@link #dpSgd}; a run whose settings changed is the
 * {@link Composed} of its phases.
 */
public sealed interface DpEvent {

    /** DP-SGD: {@code steps} steps of the Poisson-sampled Gaussian mechanism. */
    static DpEvent dpSgd(double samplingRate, double noiseMultiplier, long steps) {
        return new SelfComposed(new PoissonSampled(samplingRate, new Gaussian(noiseMultiplier)), steps);
    }

    /**
     * The Gaussian mechanism with noise of {@code noiseMultiplier} times the L2 sensitivity.
     *
     * @param noiseMultiplier σ, at least 0 (0 releases the exact value: no privacy)
     */
    record Gaussian(double noiseMultiplier) implements DpEvent {
        /** Validates σ. */
        public Gaussian {
            if (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier)) {
                throw new IllegalArgumentException("Gaussian event: noise multiplier " + noiseMultiplier
                        + " must be finite and at least 0");
            }
        }
    }

    /**
     * {@code event} run on a Poisson sample of the data: each example is included independently with probability
     * {@code rate}.
     */
    record PoissonSampled(double rate, DpEvent event) implements DpEvent {
        /** Validates the rate. */
        public PoissonSampled {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("Poisson-sampled event: sampling rate " + rate + " is outside [0, 1]");
            }
            java.util.Objects.requireNonNull(event, "Poisson-sampled event: inner event is null");
        }
    }

    /** {@code event} repeated {@code count} times, each on fresh randomness. */
    record SelfComposed(DpEvent event, long count) implements DpEvent {
        /** Validates the count. */
        public SelfComposed {
            if (count < 0) {
                throw new IllegalArgumentException("self-composed event: count " + count + " is negative");
            }
            java.util.Objects.requireNonNull(event, "self-composed event: inner event is null");
        }
    }

    /** Every event in {@code events}, one after the other. */
    record Composed(List<DpEvent> events) implements DpEvent {
        /** Copies the list. */
        public Composed {
            events = List.copyOf(events);
        }
    }
}
