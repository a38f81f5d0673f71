package dev.gradus.optim.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.Capability;
import dev.gradus.optim.MissingCapabilityException;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.optimizer.Harpg;
import dev.gradus.optim.optimizer.NPgIgt;
import dev.gradus.optim.spec.Specs;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract rows of the stochastic policy-gradient optimizers of Fatkhullin et al. (ICML 2023), which choose where
 * their oracle is evaluated: N-PG-IGT (the gradient at an extrapolated point) and (N-)HARPG (an HVP at a random point
 * of the segment, drawn from the step's stream). On the contract's deterministic problems the context serves the exact
 * gradient and Hessian-vector products.
 */
class StochasticPgOptimizersContractTest extends OptimizerContract {

    @Override
    protected List<OptimizerCase> cases() {
        return List.of(
                OptimizerCase.of("n_pg_igt", NPgIgt.create().lr(0.2)).quadratic(5_000, 0.01),
                // In Rosenbrock's curved valley the default transport (1 − η_t)/η_t ~ t^0.8 extrapolates off the
                // valley; a constant η keeps the extrapolated point near the iterate.
                OptimizerCase.of("n_pg_igt constant eta", NPgIgt.create().lr(0.1).with("eta", 0.5)
                        .with("eta_power", 0.0)).quadratic(5_000, 0.01).rosenbrock(2_000, 0.5),
                // Unnormalized steps are bounded by Rosenbrock's curvature (about 1300 at the start), as for SGD.
                OptimizerCase.of("harpg", Harpg.create().lr(1e-3)).quadratic(20_000, 0.01).rosenbrock(2_000, 0.5),
                OptimizerCase.of("n_harpg", Harpg.normalizedCreate().lr(0.5)).quadratic(2_000, 0.01));
    }

    @Test
    void requirementsAreDeclaredAndChecked() {
        assertThat(NPgIgt.create().requirements()).extracting(Requirement::capability)
                .containsExactly(Capability.GRADIENT);
        assertThat(Harpg.normalizedCreate().requirements()).extracting(Requirement::capability)
                .containsExactly(Capability.HVP, Capability.RANDOM);
        assertThatThrownBy(() -> Requirement.check(Specs.transformation("n_harpg()"),
                EnumSet.of(Capability.LOSS, Capability.GRADIENT), "a plain loop"))
                .isInstanceOf(MissingCapabilityException.class)
                .hasMessageContaining("n_harpg needs Hessian-vector products at any point (HVP)");
    }

    @Test
    void theDigestsSchedules() {
        NPgIgt igt = NPgIgt.create();
        assertThat(igt.etaAt(0)).isEqualTo(1.0);
        assertThat(igt.etaAt(9)).isEqualTo(Math.pow(10, -0.8));
        assertThat(igt.stepSizeAt(9)).isEqualTo(0.1 * Math.pow(10, -0.6));
        Harpg h = Harpg.normalizedCreate();
        assertThat(h.etaAt(3)).isEqualTo(0.25);
        assertThat(h.stepSizeAt(3)).isEqualTo(0.1 * 0.5);
        assertThat(Specs.print(Specs.transformation("n_harpg(lr=0.2)")))
                .isEqualTo("n_harpg(lr=0.2, lr_power=0.5, eta=1.0, eta_power=1.0, normalized=true, eps=1e-12)");
    }
}
