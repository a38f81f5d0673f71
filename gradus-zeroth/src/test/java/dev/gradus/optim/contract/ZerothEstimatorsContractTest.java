package dev.gradus.optim.contract;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.zeroth.estimate.EsGradient;
import dev.gradus.zeroth.estimate.ZoGradient;
import dev.gradus.zeroth.estimate.ZoRankGradient;
import java.util.List;

/**
 * The contract rows of gradus-zeroth's gradient estimates, each chained before an optimizer (an estimate alone is not
 * a descent method). The contract's context offers the loss at any point and a random stream derived from the step, so
 * the estimates run as they do in the Trainer's loss-only step. The scheduled hyperparameter is the estimate's own
 * radius ({@code 0/mu}, {@code 0/sigma}).
 */
class ZerothEstimatorsContractTest extends OptimizerContract {

    private static OptimizerCase row(String name, GradientTransformation estimate, String radius, double value,
            GradientTransformation opt, java.util.function.Function<dev.gradus.optim.Schedule, GradientTransformation>
                    withRadius) {
        return OptimizerCase.of(name, Transforms.chain(estimate, opt))
                .schedule(s -> Transforms.chain(withRadius.apply(s), opt), value, "0/" + radius);
    }

    @Override
    protected List<OptimizerCase> cases() {
        ZoGradient zo = ZoGradient.create().with("q", 20L);
        ZoGradient zoCentralSphere = ZoGradient.create().with("scheme", "central").with("directions", "sphere");
        ZoRankGradient rank = ZoRankGradient.create().with("m", 20L);
        ZoRankGradient rankTop3 = ZoRankGradient.create().with("k", 3L).with("code_parity", true).with("mu", 0.1);
        EsGradient es = EsGradient.create().with("pairs", 20L).with("sigma", 0.05);
        return List.of(
                row("zo_gradient + sgd", zo, "mu", 0.01, Optimizers.sgd().lr(1e-3), s -> zo.with("mu", s))
                        .quadratic(20_000, 0.01).rosenbrock(5_000, 0.5),
                row("zo_gradient central sphere + adam", zoCentralSphere, "mu", 0.01, Optimizers.adam().lr(0.02),
                        s -> zoCentralSphere.with("mu", s)).quadratic(1_000, 0.01).rosenbrock(2_000, 0.5),
                row("zo_rank_gradient + adam", rank, "mu", 0.01, Optimizers.adam().lr(0.02),
                        s -> rank.with("mu", s)).quadratic(1_000, 0.01).rosenbrock(2_000, 0.5),
                row("zo_rank_gradient top-3 code parity + sgd", rankTop3, "mu", 0.1, Optimizers.sgd().lr(0.5),
                        s -> rankTop3.with("mu", s)).quadratic(2_000, 0.01).rosenbrock(2_000, 0.5),
                row("es_gradient + adam", es, "sigma", 0.05, Optimizers.adam().lr(0.02), s -> es.with("sigma", s))
                        .quadratic(1_000, 0.01).rosenbrock(2_000, 0.5));
    }
}
