package dev.gradus.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The RDP accountant against the reference values of the privacy digest (§2), which two independent numpy ports of
 * Opacus' {@code rdp.py} agree on; the full-precision numbers here are from such a port (scipy's binom and log_ndtr),
 * and the printed digits match the digest's table.
 */
class RdpAccountantTest {
    private static final double REL = 1e-6;

    @ParameterizedTest(name = "q={0} sigma={1} T={2} delta={3}")
    @CsvSource({
        // q, sigma, steps, delta, eps improved, order, eps classic, order
        "0.004266666666666667, 1.1, 14062, 1e-5, 2.5965558689607486, 8.1, 3.008272082524604, 8.8",
        "0.004166666666666667, 1.3, 3600, 1e-5, 0.9422002181627518, 17, 1.1799006739827, 17",
        "0.01, 1.0, 1000, 1e-5, 2.1013652716430564, 7.8, 2.537982880184644, 7.9",
        "0.01, 4.0, 10000, 1e-5, 1.0354900660362476, 17, 1.2585747412527164, 20",
        "0.001, 0.8, 50000, 1e-6, 2.4074682890738974, 7.8, 2.8467464302484924, 7.8",
        "1.0, 10, 100, 1e-5, 4.728507067217624, 5.4, 5.298526138535465, 5.8",
    })
    void matchesTheReferenceTableOnBothGrids(double q, double sigma, long steps, double delta, double improved,
                                             double improvedOrder, double classic, double classicOrder) {
        DpEvent e = DpEvent.dpSgd(q, sigma, steps);
        for (RdpAccountant acc : List.of(RdpAccountant.opacus(), RdpAccountant.dpAccounting())) {
            PrivacyBound b = acc.epsilon(e, delta);
            assertThat(b.epsilon()).isCloseTo(improved, within(REL * improved));
            assertThat(b.order()).isEqualTo(improvedOrder);
            assertThat(b.conversion()).isEqualTo(Conversion.IMPROVED);
            PrivacyBound c = acc.conversion(Conversion.CLASSIC).epsilon(e, delta);
            assertThat(c.epsilon()).isCloseTo(classic, within(REL * classic));
            assertThat(c.order()).isEqualTo(classicOrder);
        }
    }

    @Test
    void composesHeterogeneousPhasesAsTheOpacusDoctest() {
        // opacus.accountants.analysis.rdp doctest: 10 steps (q 1e-5, sigma 1) then 4 steps (q 1e-4, sigma 3), orders 2..32
        double[] orders = new double[31];
        for (int k = 0; k < orders.length; k++) {
            orders[k] = 2 + k;
        }
        DpEvent e = new DpEvent.Composed(List.of(DpEvent.dpSgd(1e-5, 1.0, 10), DpEvent.dpSgd(1e-4, 3.0, 4)));
        PrivacyBound b = RdpAccountant.withOrders(orders).epsilon(e, 1e-5);
        assertThat(b.epsilon()).isCloseTo(0.3363440633925957, within(REL * 0.336));
        assertThat(b.order()).isEqualTo(23);
        assertThat(b.orderAtEdge()).isFalse();
    }

    @ParameterizedTest(name = "alpha={0}")
    @CsvSource({
        "1.5, 0.00012725374351154145, 8.831667792439988e-05",
        "2.0, 0.00017181342207453428, 0.000121905727698344",
        "3.7, 0.0003329356254202168, 0.00027088025747956407",
        "8.1, 0.0009209163197881896, 2.039939217999022",
        "32, 11.246275937048072, 27.02010907303207",
        "63, 26.820552875528232, 58.740777011623095",
    })
    void oneStepRdpAtIntegerAndFractionalOrders(double alpha, double atQ001Sigma1, double atMnistSigma07) {
        assertThat(SampledGaussianRdp.rdp(0.01, 1.0, alpha)).isCloseTo(atQ001Sigma1, within(1e-9 * atQ001Sigma1));
        assertThat(SampledGaussianRdp.rdp(256.0 / 60000, 0.7, alpha)).isCloseTo(atMnistSigma07,
                within(1e-9 * atMnistSigma07));
    }

    @Test
    void fullBatchIsTheClosedForm() {
        RdpAccountant acc = RdpAccountant.opacus();
        double[] orders = acc.orders();
        double[] rdp = acc.rdp(DpEvent.dpSgd(1.0, 2.5, 7));
        for (int k = 0; k < orders.length; k++) {
            double closed = 7 * orders[k] / (2 * 2.5 * 2.5);
            assertThat(rdp[k]).isCloseTo(closed, within(1e-15 * closed));
        }
    }

    @Test
    void fractionalOrdersJoinTheIntegerOnesContinuously() {
        // the two formulas meet at integers: RDP just off an integer is within a hair of the integer value
        for (int a = 2; a <= 12; a++) {
            double at = SampledGaussianRdp.rdp(0.02, 1.2, a);
            double near = SampledGaussianRdp.rdp(0.02, 1.2, a + 1e-7);
            assertThat(near).isCloseTo(at, within(1e-5 * at));
        }
    }

    @Test
    void specialCases() {
        assertThat(SampledGaussianRdp.rdp(0, 1, 2)).isZero();
        assertThat(SampledGaussianRdp.rdp(0.1, 0, 2)).isInfinite();
        assertThat(SampledGaussianRdp.rdp(0.1, 1, Double.POSITIVE_INFINITY)).isInfinite();
        PrivacyBound none = RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 0, 10), 1e-5);
        assertThat(none.epsilon()).isInfinite();
        assertThat(none.order()).isNaN();
        // nothing released yet: epsilon is exactly 0 (Opacus reports the conversion's slack, about 0.1, at the
        // grid's largest order); the first step is not free
        PrivacyBound nothing = RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 1, 0), 1e-5);
        assertThat(nothing.epsilon()).isZero();
        assertThat(nothing.order()).isNaN();
        assertThat(RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 1, 1), 1e-5).epsilon()).isPositive();
    }

    @Test
    void moreStepsOrLessNoiseNeverCostLess() {
        RdpAccountant acc = RdpAccountant.opacus();
        double previous = 0;
        for (long t = 100; t <= 3200; t *= 2) {
            double e = acc.epsilon(DpEvent.dpSgd(0.01, 1.0, t), 1e-5).epsilon();
            assertThat(e).isGreaterThan(previous);
            previous = e;
        }
        previous = Double.POSITIVE_INFINITY;
        for (double s = 0.6; s <= 5; s *= 1.5) {
            double e = acc.epsilon(DpEvent.dpSgd(0.01, s, 1000), 1e-5).epsilon();
            assertThat(e).isLessThan(previous);
            previous = e;
        }
    }

    @Test
    void extremeBudgetsStayFinite() {
        // very large noise (epsilon about 0.01, which needs dp_accounting's high orders) and very little noise
        double small = RdpAccountant.dpAccounting().epsilon(DpEvent.dpSgd(0.001, 30, 1000), 1e-5).epsilon();
        double large = RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 0.3, 10000), 1e-5).epsilon();
        assertThat(small).isFinite().isPositive().isLessThan(0.05);
        assertThat(large).isFinite().isGreaterThan(50);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 1, 10), 1.5))
                .hasMessageContaining("delta 1.5 is outside (0, 1)");
        assertThatThrownBy(() -> DpEvent.dpSgd(1.2, 1, 10)).hasMessageContaining("sampling rate 1.2");
        assertThatThrownBy(() -> DpEvent.dpSgd(0.1, -1, 10)).hasMessageContaining("noise multiplier -1.0");
        assertThatThrownBy(() -> DpEvent.dpSgd(0.1, 1, -1)).hasMessageContaining("count -1");
        assertThatThrownBy(() -> RdpAccountant.withOrders(1.0)).hasMessageContaining("order 1.0 must be above 1");
        assertThatThrownBy(() -> Conversion.of("best")).hasMessageContaining("use improved or classic");
    }
}
