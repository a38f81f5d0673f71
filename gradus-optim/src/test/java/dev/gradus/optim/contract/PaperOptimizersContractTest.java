package dev.gradus.optim.contract;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.optimizer.NormalizedGd;
import dev.gradus.optim.optimizer.Sam;
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
                null, 0.0, 200, 0.01, 1000, 0.5, 0.0);
    }

    @Override
    protected List<OptimizerCase> cases() {
        NormalizedGd ngd = Optimizers.normalizedGd(1e-3).meanWeight(WEIGHT);
        Sam sam = Optimizers.sam(Optimizers.adam().lr(0.05));
        Sam asam = Optimizers.sam(Optimizers.adamp().lr(0.05)).rho(0.1).adaptive(true);
        return List.of(
                OptimizerCase.of("adamp", Optimizers.adamp().lr(0.05).weightDecay(1e-2)),
                withoutReference("adamp nesterov", Optimizers.adamp().lr(0.05).nesterov(true)),
                // Rosenbrock's curvature (about 1300 at the start) bounds SGD-type steps: lr·/(1 − momentum) < 1.5e-3.
                withoutReference("sgdp", Optimizers.sgdp(1e-4).momentum(0.9).weightDecay(1e-3))
                        .quadratic(10_000, 0.01),
                withoutReference("sgdp nesterov dampening",
                        Optimizers.sgdp(1e-4).momentum(0.9).nesterov(true).dampening(0.1)).quadratic(10_000, 0.01),
                OptimizerCase.of("sgdp nesterov", Optimizers.sgdp(1e-4).momentum(0.9).nesterov(true)
                        .weightDecay(1e-2)).quadratic(10_000, 0.01),
                // Rectified AdaBelief takes plain SGD-momentum steps for the first five steps.
                withoutReference("adabelief", Optimizers.adabelief().lr(1e-3)).quadratic(5_000, 0.01),
                withoutReference("adabelief amsgrad coupled", Optimizers.adabelief().lr(0.05).amsgrad(true)
                        .weightDecouple(false).weightDecay(1e-3).rectify(false)),
                OptimizerCase.of("adabelief unrectified decoupled",
                        Optimizers.adabelief().lr(0.05).rectify(false).weightDecay(1e-2)),
                OptimizerCase.of("adabelief unrectified coupled", Optimizers.adabelief().lr(0.05).rectify(false)
                        .weightDecouple(false).weightDecay(1e-2)),
                OptimizerCase.of("diffgrad", Optimizers.diffgrad().lr(0.05)),
                // RAdam's first five steps are un-adapted momentum steps, which Rosenbrock's curvature bounds.
                OptimizerCase.of("radam", Optimizers.radam().lr(1e-3)).quadratic(5_000, 0.01),
                OptimizerCase.of("radam decoupled", Optimizers.radam().lr(1e-3).weightDecay(1e-2)
                        .decoupledWeightDecay(true)).quadratic(5_000, 0.01),
                OptimizerCase.of("radam coupled", Optimizers.radam().lr(1e-3).weightDecay(1e-2))
                        .quadratic(5_000, 0.01),
                OptimizerCase.of("yogi", Optimizers.yogi().lr(0.05)),
                OptimizerCase.of("sign_sgd", Optimizers.signSgd().lr(0.01).weightDecay(1e-3))
                        .quadratic(1_000, 0.01),
                withoutReference("signum", Optimizers.signSgd().lr(0.01).momentum(0.9)).quadratic(1_000, 0.01),
                OptimizerCase.of("normalized_gd", ngd).schedule(ngd::lr, 1e-3, "lr").quadratic(20_000, 0.01),
                OptimizerCase.of("sam(adam)", sam).schedule(sam::rho, 0.05, "rho"),
                OptimizerCase.of("asam(adamp)", asam).schedule(asam::rho, 0.1, "rho"),
                // One iteration per step, so that each step's line search starts from the scheduled lr.
                OptimizerCase.of("lbfgs", Optimizers.lbfgs().maxIter(1).historySize(5)),
                OptimizerCase.of("lbfgs no line search", Optimizers.lbfgs().lr(0.1).maxIter(2)
                        .lineSearchFn("none")).rosenbrock(1000, 0.9),
                // On a quadratic the line search's cubic interpolation lands on the exact minimiser whenever the
                // first trial overshoots, whatever lr is; a small lr makes it extrapolate from lr·estimate, so
                // a schedule on lr shows in the trajectory.
                OptimizerCase.of("nonlinear_cg", Optimizers.nonlinearCg().lr(0.01).maxIter(1)),
                OptimizerCase.of("frugal svd", Optimizers.frugal().lr(0.05).updateGap(5)),
                OptimizerCase.of("frugal random sgd-rest", Optimizers.frugal(Transforms.trace(0.9)).lr(1e-4)
                        .updateGap(5).projType("random").inactiveUpdateRule("sgd")).quadratic(10_000, 0.01),
                OptimizerCase.of("frugal coordinate randk", Optimizers.frugal().lr(0.05).updateGap(5)
                        .projType("coordinate").with("coord_choice", "randk").density(0.5)),
                OptimizerCase.of("frugal block", Optimizers.frugal().lr(0.05).updateGap(5).projType("block")
                        .density(0.5).projParams("*")),
                OptimizerCase.of("galore rank 2", Optimizers.galore().lr(0.05).with("rank", 2L).with("scale", 1.0)
                        .updateGap(5).weightDecay(1e-3)).quadratic(1_000, 0.01), // rank-2 steps on a 3x4 weight
                OptimizerCase.of("nonlinear_cg fletcher_reeves", Optimizers.nonlinearCg().lr(0.01).maxIter(1)
                        .betaType("fletcher_reeves")));
    }
}
