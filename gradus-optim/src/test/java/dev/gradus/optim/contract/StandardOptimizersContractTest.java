package dev.gradus.optim.contract;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.optimizer.Adam;
import dev.gradus.optim.optimizer.Sgd;
import java.util.List;
import java.util.function.Function;

/**
 * The contract rows of the torch.optim family, the building-block chains and every wrapper. Fused
 * optimizers are compared with their reference chains bit for bit.
 */
class StandardOptimizersContractTest extends OptimizerContract {

    /** A wrapper row whose inner optimizer's {@code lr} is the scheduled hyperparameter. */
    private static OptimizerCase wrapped(String name, Configurable<?> inner, String prefix,
            Function<GradientTransformation, GradientTransformation> wrap) {
        double lr = inner.hyperparameters().schedule("lr").at(0);
        return OptimizerCase.of(name, wrap.apply(inner))
                .schedule(s -> wrap.apply(inner.with("lr", s)), lr, prefix + "lr");
    }

    /** A chain ending in scale_by_learning_rate whose lr is scheduled. */
    private static OptimizerCase chained(String name, double lr, GradientTransformation... head) {
        Function<Schedule, GradientTransformation> build = s -> {
            List<GradientTransformation> links = new java.util.ArrayList<>(List.of(head));
            links.add(Transforms.scaleByLearningRate(s));
            return Transforms.chain(links);
        };
        return OptimizerCase.of(name, build.apply(Schedule.constant(lr))).schedule(build, lr, head.length + "/lr");
    }

    @Override
    protected List<OptimizerCase> cases() {
        Sgd sgd = Optimizers.sgd().lr(2e-3).momentum(0.9);
        Adam adam = Optimizers.adam().lr(0.05);
        return List.of(
                OptimizerCase.of("sgd", Optimizers.sgd().lr(1e-3)).quadratic(3000, 0.01).rosenbrock(3000, 0.5),
                OptimizerCase.of("sgd momentum dampening l2", Optimizers.sgd().lr(2e-3).momentum(0.9).dampening(0.1)
                        .weightDecay(1e-4)).quadratic(1000, 0.01),
                OptimizerCase.of("sgd nesterov", Optimizers.sgd().lr(2e-3).momentum(0.9).nesterov(true))
                        .quadratic(1000, 0.01),
                OptimizerCase.of("adam", adam),
                OptimizerCase.of("adam amsgrad l2", Optimizers.adam().lr(0.05).amsgrad(true).weightDecay(1e-3)),
                OptimizerCase.of("adamw", Optimizers.adamw().lr(0.05)),
                OptimizerCase.of("adamw amsgrad", Optimizers.adamw().lr(0.05).amsgrad(true)),
                OptimizerCase.of("rmsprop", Optimizers.rmsprop().lr(0.01)).quadratic(200, 0.05),
                OptimizerCase.of("rmsprop centered momentum l2", Optimizers.rmsprop().lr(0.003).centered(true)
                        .momentum(0.5).weightDecay(1e-4)).quadratic(1000, 0.01),
                OptimizerCase.of("adagrad", Optimizers.adagrad().lr(0.5)),
                OptimizerCase.of("adagrad lr_decay l2 initial", Optimizers.adagrad().lr(0.5).lrDecay(1e-3)
                        .weightDecay(1e-4).initialAccumulatorValue(0.1)),
                chained("chain(clip_by_global_norm, scale_by_belief)", 0.05, Transforms.clipByGlobalNorm(1.0),
                        Transforms.scaleByBelief()),
                chained("chain(clip_by_global_norm, scale_by_yogi)", 0.05, Transforms.clipByGlobalNorm(1.0),
                        Transforms.scaleByYogi()),
                chained("chain(clip, scale_by_sign)", 3e-3, Transforms.clip(0.5), Transforms.scaleBySign())
                        .quadratic(1000, 0.01),
                chained("chain(normalize_by_update_norm, trace)", 0.01, Transforms.normalizeByUpdateNorm(),
                        Transforms.trace(0.5)).quadratic(1000, 0.01),
                wrapped("masked(adam) and sgd", adam, "0/inner/",
                        inner -> Transforms.chain(Transforms.masked(inner, "layer.*", "x"),
                                Transforms.masked(Optimizers.sgd().lr(1e-3), "!layer.*", "!x")))
                        .rosenbrock(2000, 0.5),
                wrapped("partition(adam, adamw)", adam, "bias/",
                        inner -> Transforms.partition(List.of(inner, Optimizers.adamw().lr(0.05)),
                                List.of("*.bias", "*")).with("labels", List.of("bias", "rest"))),
                wrapped("inject_hyperparams(adam)", adam, "", inner -> Transforms.injectHyperparams((Configurable<?>) inner)),
                wrapped("multi_steps(adam, 2)", adam, "inner/", inner -> Transforms.multiSteps(inner, 2))
                        .quadratic(400, 0.01).rosenbrock(2000, 0.5),
                wrapped("apply_if_finite(adam)", adam, "inner/", Transforms::applyIfFinite),
                wrapped("lookahead(sgd momentum)", sgd, "inner/", inner -> Transforms.lookahead(inner, 5, 0.5))
                        .quadratic(1000, 0.01).stepTolerance(1e-12));
    }
}
