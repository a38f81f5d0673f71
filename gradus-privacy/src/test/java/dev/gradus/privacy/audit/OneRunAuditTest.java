package dev.gradus.privacy.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.privacy.Clipping;
import dev.gradus.privacy.GradSampleMode;
import dev.gradus.privacy.PrivateGradient;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;

/**
 * The one-run audit of DP-SGD's privatised gradient: an honest run's lower bound stays below the accountant's ε, and
 * two broken runs that claim the same ε (one adds no noise, one does not clip) are caught.
 */
class OneRunAuditTest {
    static final double Q = 0.1;
    static final double SIGMA = 2.0;
    static final long STEPS = 100;
    static final int CANARIES = 1000;
    static final int GUESSES = 200;
    static final double C = 1.0;
    static final double CANARY_NORM = 10;

    static double claimed() {
        return RdpAccountant.opacus().epsilon(DpEvent.dpSgd(Q, SIGMA, STEPS), 1e-5).epsilon();
    }

    static AuditResult audit(OneRunAudit.Mechanism m, long seed) {
        return OneRunAudit.run(m, Q, STEPS, CANARIES, CANARY_NORM, GUESSES, 0.05, claimed(), seed);
    }

    static double expected() {
        return Q * CANARIES; // L = q·N with the canaries as the data set
    }

    static PrivateGradient honest() {
        return new PrivateGradient(C, SIGMA, expected(), Clipping.FLAT, GradSampleMode.GHOST);
    }

    @Test
    void anHonestRunStaysBelowItsClaim() {
        PrivateGradient honest = honest();
        for (long seed = 1; seed <= 3; seed++) {
            AuditResult r = audit(OneRunAudit.honest(honest), seed);
            assertThat(r.violated()).as("%s", r).isFalse();
            assertThat(r.epsilonLowerBound()).as("%s", r).isLessThan(r.claimedEpsilon());
            assertThat(r.correct()).as("better than chance: the audit sees the canaries").isGreaterThan(GUESSES / 2);
        }
    }

    @Test
    void aRunWithoutNoiseIsCaught() {
        AuditResult r = audit(OneRunAudit.withoutNoise(honest()), 1);
        assertThat(r.violated()).as("%s", r).isTrue();
        assertThat(r.correct()).isEqualTo(GUESSES);
    }

    @Test
    void aRunWithoutClippingIsCaught() {
        // noise for the claimed C, but per-example gradients summed unclipped
        PrivateGradient g = new PrivateGradient(C, SIGMA, expected(), Clipping.FLAT, GradSampleMode.GHOST);
        OneRunAudit.Mechanism unclipped = OneRunAudit.withoutClipping(g);
        AuditResult r = audit(unclipped, 1);
        assertThat(r.violated()).as("%s", r).isTrue();
    }

    @Test
    void theBinomialBoundInvertsTheTail() {
        // all 200 guesses right: p^200 = 0.05, so eps = logit(0.05^(1/200))
        double p = Math.pow(0.05, 1.0 / 200);
        assertThat(OneRunAudit.epsilonLowerBound(200, 200, 0.05)).isCloseTo(Math.log(p / (1 - p)), within(1e-9));
        assertThat(OneRunAudit.epsilonLowerBound(200, 100, 0.05)).isZero();
        assertThat(OneRunAudit.epsilonLowerBound(200, 150, 0.05)).isBetween(0.5, 1.2);
        assertThat(OneRunAudit.logTail(10, 0, 0.3)).isCloseTo(0, within(1e-12));
    }
}
