package dev.gradus.optim.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.optimizer.Adam;
import dev.gradus.optim.optimizer.Lbfgs;
import dev.gradus.optim.spec.Specs;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The contract rows of transformations that ask the step context for the objective (SAM, L-BFGS) inside
 * wrappers: each one passes the context on, so these compose like any other transformation. Before the step
 * context existed, each of these specs parsed and then failed on its first step.
 */
class ComposedObjectiveContractTest extends OptimizerContract {

    /** A row whose innermost optimizer's {@code lr} is the scheduled hyperparameter, reported as {@code name}. */
    private static OptimizerCase wrapped(String rowName, Configurable<?> inner, String reported,
            Function<GradientTransformation, GradientTransformation> wrap) {
        double lr = inner.hyperparameters().schedule("lr").at(0);
        return OptimizerCase.of(rowName, wrap.apply(inner))
                .schedule(s -> wrap.apply(inner.with("lr", s)), lr, reported);
    }

    @Override
    protected List<OptimizerCase> cases() {
        Adam adam = Optimizers.adam().lr(0.05);
        Lbfgs lbfgs = Optimizers.lbfgs().maxIter(1).historySize(5);
        return List.of(
                wrapped("inject_hyperparams(sam(adam))", adam, "base/lr",
                        a -> Transforms.injectHyperparams(Optimizers.sam(a))),
                wrapped("lookahead(sam(adam))", adam, "inner/base/lr",
                        a -> Transforms.lookahead(Optimizers.sam(a), 5, 0.5)).stepTolerance(1e-12),
                wrapped("chain(clip_by_global_norm, sam(adam))", adam, "1/base/lr",
                        a -> Transforms.chain(Transforms.clipByGlobalNorm(1.0), Optimizers.sam(a))),
                wrapped("apply_if_finite(lbfgs)", lbfgs, "inner/lr", Transforms::applyIfFinite),
                wrapped("multi_steps(sam(adam), 2)", adam, "inner/base/lr",
                        a -> Transforms.multiSteps(Optimizers.sam(a), 2)).quadratic(400, 0.01).rosenbrock(2000, 0.5),
                wrapped("masked(sam(adam)) and sgd", adam, "0/inner/base/lr",
                        a -> Transforms.chain(Transforms.masked(Optimizers.sam(a), "layer.*", "x"),
                                Transforms.masked(Optimizers.sgd().lr(1e-3), "!layer.*", "!x")))
                        .rosenbrock(2000, 0.5));
    }

    @Test
    void theIssueSpecsParseAndPrintBack() {
        for (String spec : List.of("inject_hyperparams(sam(adam()))", "lookahead(sam(adam()))",
                "chain(clip_by_global_norm(max_norm=1.0), sam(adam()))", "apply_if_finite(lbfgs())",
                "multi_steps(sam(adam()), every_k=2)", "masked(sam(adam()), mask=(\"*.weight\",))")) {
            GradientTransformation t = Specs.transformation(spec);
            assertThat(Specs.transformation(Specs.print(t)).requirements()).as(spec).isNotEmpty();
        }
    }
}
