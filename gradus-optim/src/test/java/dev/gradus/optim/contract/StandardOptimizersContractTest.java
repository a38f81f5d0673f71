package dev.gradus.optim.contract;

import dev.gradus.optim.Optimizers;
import java.util.List;

/** The contract rows of the standard optimizers (torch.optim family). */
class StandardOptimizersContractTest extends OptimizerContract {
    @Override
    protected List<OptimizerCase> cases() {
        return List.of(
                OptimizerCase.of("adam", Optimizers.adam().lr(0.05)),
                OptimizerCase.of("adam amsgrad l2", Optimizers.adam().lr(0.05).amsgrad(true).weightDecay(1e-3)),
                OptimizerCase.of("adamw", Optimizers.adamw().lr(0.05)),
                OptimizerCase.of("adamw amsgrad", Optimizers.adamw().lr(0.05).amsgrad(true)));
    }
}
