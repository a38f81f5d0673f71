package dev.gradus.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.io.Safetensors;
import org.junit.jupiter.api.Test;

class PrivacyLedgerTest {

    @Test
    void mergesEqualStepsIntoPhasesAndComposesThem() {
        PrivacyLedger l = new PrivacyLedger();
        for (int i = 0; i < 10; i++) {
            l.record(1e-5, 1.0);
        }
        l.record(1e-4, 3.0, 4);
        assertThat(l.phases()).isEqualTo(2);
        assertThat(l.steps()).isEqualTo(14);
        RdpAccountant acc = RdpAccountant.opacus();
        double direct = acc.epsilon(new DpEvent.Composed(java.util.List.of(DpEvent.dpSgd(1e-5, 1.0, 10),
                DpEvent.dpSgd(1e-4, 3.0, 4))), 1e-5).epsilon();
        assertThat(acc.epsilon(l.event(), 1e-5).epsilon()).isEqualTo(direct);
    }

    @Test
    void roundTripsThroughItsEntryAndCopiesDeeply() {
        PrivacyLedger l = new PrivacyLedger();
        l.record(0.01, 1.1, 300);
        l.record(0.02, 0.9, 5);
        PrivacyLedger back = l.decode(l.encode("ledger"));
        assertThat(back.toString()).isEqualTo(l.toString());
        PrivacyLedger c = l.copy();
        l.record(0.02, 0.9);
        assertThat(c.steps()).isEqualTo(305);
        c.restore(l);
        assertThat(c.steps()).isEqualTo(306);
        PrivacyLedger empty = new PrivacyLedger();
        assertThat(empty.decode(empty.encode("e")).phases()).isZero();
    }

    @Test
    void refusesEntriesThatAreNotALedger() {
        PrivacyLedger l = new PrivacyLedger();
        assertThatThrownBy(() -> l.decode(Safetensors.f64("x", Tensor.zeros(2, 2))))
                .hasMessageContaining("expected F64[phases, 3]");
        assertThatThrownBy(() -> l.decode(Safetensors.f64("x", Tensor.of(new double[] {2, 1, 1}, 1, 3))))
                .hasMessageContaining("phase 0");
        assertThatThrownBy(() -> l.record(0.1, 1, 0)).hasMessageContaining("steps 0");
    }
}
