package dev.gradus.optim.contract;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.PaperOptimizers;
import dev.gradus.optim.optimizer.NormalizedGd;
import java.util.List;

/** The contract rows of the seed papers' optimizers and the full-batch classics. */
class PaperOptimizersContractTest extends OptimizerContract {

    /** A positive, parameter-dependent mean weight, so that Normalized GD's step varies along the run. */
    private static final NormalizedGd.MeanWeight WEIGHT = params -> {
        double s = 0;
        for (String n : params.names()) {
            for (double v : params.get(n).data()) {
                s += v * v;
            }
        }
        return 1.0 + 1.0 / (1.0 + s);
    };

    /** A row like {@link OptimizerCase#of} for an optimizer whose {@code reference()} refuses these settings. */
    private static OptimizerCase withoutReference(String name, Configurable<?> opt) {
        return new OptimizerCase(name, opt, s -> opt.with("lr", s), opt.hyperparameters().schedule("lr").at(0), "lr",
                null, 0.0, 200, 0.01, 1000, 0.5);
    }

    @Override
    protected List<OptimizerCase> cases() {
        NormalizedGd ngd = PaperOptimizers.normalizedGd(1e-3).meanWeight(WEIGHT);
        return List.of(
                OptimizerCase.of("adamp", PaperOptimizers.adamp().lr(0.05).weightDecay(1e-2)),
                withoutReference("adamp nesterov", PaperOptimizers.adamp().lr(0.05).nesterov(true)),
                // Rosenbrock's curvature (about 1300 at the start) bounds SGD-type steps: lr·/(1 − momentum) < 1.5e-3.
                OptimizerCase.of("sgdp", PaperOptimizers.sgdp(1e-4).momentum(0.9).weightDecay(1e-3))
                        .quadratic(10_000, 0.01),
                OptimizerCase.of("sgdp nesterov dampening",
                        PaperOptimizers.sgdp(1e-4).momentum(0.9).nesterov(true).dampening(0.1)).quadratic(10_000, 0.01),
                // Rectified AdaBelief takes plain SGD-momentum steps for the first five steps.
                OptimizerCase.of("adabelief", PaperOptimizers.adabelief().lr(1e-3)).quadratic(5_000, 0.01),
                OptimizerCase.of("adabelief amsgrad coupled", PaperOptimizers.adabelief().lr(0.05).amsgrad(true)
                        .weightDecouple(false).weightDecay(1e-3).rectify(false)),
                OptimizerCase.of("diffgrad", PaperOptimizers.diffgrad().lr(0.05)),
                OptimizerCase.of("sign_sgd", PaperOptimizers.signSgd().lr(0.01)).quadratic(1_000, 0.01),
                OptimizerCase.of("signum", PaperOptimizers.signSgd().lr(0.01).momentum(0.9)).quadratic(1_000, 0.01),
                OptimizerCase.of("normalized_gd", ngd).schedule(ngd::lr, 1e-3, "lr").quadratic(20_000, 0.01));
    }
}
