package dev.gradus.optim.contract;

import dev.gradus.optim.Configurable;
import dev.gradus.optim.FusedOptimizer;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.Schedule;
import java.util.function.Function;

/**
 * One row of the optimizer contract: an optimizer (or wrapper) with hyperparameters that suit the test
 * problems, and what the contract may expect of it.
 *
 * <pre>{@code
 * OptimizerCase.of("adam", Optimizers.adam().lr(0.05))                       // lr is scheduled by default
 * OptimizerCase.of("lookahead(sgd)", Transforms.lookahead(sgd, 5, 0.5))
 *         .schedule(s -> Transforms.lookahead(sgd.lr(s), 5, 0.5), 0.1, "inner/lr")
 *         .rosenbrock(2000, 0.5)
 * }</pre>
 *
 * @param name shown in test reports
 * @param optimizer the optimizer under test
 * @param withSchedule rebuilds the optimizer with one scalar hyperparameter replaced by a schedule
 * @param scheduledBase the constant value of that hyperparameter in {@code optimizer}
 * @param scheduledName its name in {@code optimizer.hyperparams(state)}
 * @param reference the composed reference to compare with (null when there is none)
 * @param referenceRelTol 0 to require bit-identical parameters, else the largest relative difference allowed
 * @param quadraticSteps steps on {@link TestProblems#quadratic}
 * @param quadraticFactor the final loss must be at most this fraction of the initial loss
 * @param rosenbrockSteps steps on {@link TestProblems#rosenbrock}
 * @param rosenbrockFactor the final loss must be at most this fraction of the initial loss
 * @param stepRelTol 0 when {@code step} must equal {@code update} then {@code apply} bit for bit, else the
 *     relative tolerance (for wrappers whose {@code step} avoids a rounding that {@code apply} makes)
 */
public record OptimizerCase(String name, GradientTransformation optimizer,
        Function<Schedule, GradientTransformation> withSchedule, double scheduledBase, String scheduledName,
        GradientTransformation reference, double referenceRelTol, int quadraticSteps, double quadraticFactor,
        int rosenbrockSteps, double rosenbrockFactor, double stepRelTol) {

    /**
     * A row with the defaults: {@code lr} is the scheduled hyperparameter (for a {@link Configurable}
     * that has one), the reference is {@link FusedOptimizer#reference()} compared bit for bit, 200
     * quadratic steps to 1% of the initial loss, 1000 Rosenbrock steps to half of it.
     */
    public static OptimizerCase of(String name, GradientTransformation optimizer) {
        Function<Schedule, GradientTransformation> sched = null;
        double base = Double.NaN;
        if (optimizer instanceof Configurable<?> c && c.descriptor().param("lr").isPresent()) {
            base = c.hyperparameters().schedule("lr").at(0);
            sched = s -> c.with("lr", s);
        }
        GradientTransformation ref = optimizer instanceof FusedOptimizer<?> f ? f.reference() : null;
        return new OptimizerCase(name, optimizer, sched, base, "lr", ref, 0.0, 200, 0.01, 1000, 0.5, 0.0);
    }

    /** Which hyperparameter the schedule check replaces, its constant value and its reported name. */
    public OptimizerCase schedule(Function<Schedule, GradientTransformation> with, double base, String reportedName) {
        return new OptimizerCase(name, optimizer, with, base, reportedName, reference, referenceRelTol, quadraticSteps,
                quadraticFactor, rosenbrockSteps, rosenbrockFactor, stepRelTol);
    }

    /** The composed reference and the relative tolerance (0: bitwise). */
    public OptimizerCase reference(GradientTransformation ref, double relTol) {
        return new OptimizerCase(name, optimizer, withSchedule, scheduledBase, scheduledName, ref, relTol,
                quadraticSteps, quadraticFactor, rosenbrockSteps, rosenbrockFactor, stepRelTol);
    }

    /** Quadratic expectation: after {@code steps}, loss at most {@code factor} of the start. */
    public OptimizerCase quadratic(int steps, double factor) {
        return new OptimizerCase(name, optimizer, withSchedule, scheduledBase, scheduledName, reference,
                referenceRelTol, steps, factor, rosenbrockSteps, rosenbrockFactor, stepRelTol);
    }

    /** Rosenbrock expectation: after {@code steps}, loss at most {@code factor} of the start. */
    public OptimizerCase rosenbrock(int steps, double factor) {
        return new OptimizerCase(name, optimizer, withSchedule, scheduledBase, scheduledName, reference,
                referenceRelTol, quadraticSteps, quadraticFactor, steps, factor, stepRelTol);
    }

    /** Allows {@code step} to differ from {@code update} then {@code apply} by {@code relTol}. */
    public OptimizerCase stepTolerance(double relTol) {
        return new OptimizerCase(name, optimizer, withSchedule, scheduledBase, scheduledName, reference,
                referenceRelTol, quadraticSteps, quadraticFactor, rosenbrockSteps, rosenbrockFactor, relTol);
    }

    @Override
    public String toString() {
        return name;
    }
}
