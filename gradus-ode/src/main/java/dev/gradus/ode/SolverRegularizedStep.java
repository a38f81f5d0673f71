package dev.gradus.ode;

import dev.gradus.autodiff.Var;
import dev.gradus.optim.Capability;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The Trainer step for solver-regularised neural ODEs: forward the batch, then
 * <pre>
 *   loss = L_task(model(x), y) + lambda * R(solution of the model's NeuralOde)
 * </pre>
 * with {@code R} a {@link SolverRegularizer}, its gradient by discrete sensitivities, and the optimizer step. The
 * reported batch loss is the task loss. The local regulariser draws its step's place from the step's own random stream
 * ({@link StepInput#random}{@code ("solver-regularizer")}), so a run is reproducible from its seed.
 *
 * <p>It counts, for cost comparisons, the function evaluations of the forward solves and of the regulariser, and the
 * size of every differentiated graph (its nodes: the work and memory of the backward pass, independent of the machine's
 * load).
 */
public final class SolverRegularizedStep implements TrainStep {
    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(EnumSet.of(Capability.RANDOM));

    private final NeuralOde ode;
    private final SolverRegularizer regularizer;
    private final double lambda;
    private long forwardEvaluations;
    private long penaltyEvaluations;
    private long tapedNodes;

    /** Penalises {@code ode}'s solves (the layer must be part of the trained model) by {@code lambda * R}. */
    public SolverRegularizedStep(NeuralOde ode, SolverRegularizer regularizer, double lambda) {
        if (ode == null || regularizer == null) {
            throw new IllegalArgumentException("SolverRegularizedStep: ode and regularizer must not be null");
        }
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("SolverRegularizedStep: lambda must be >= 0 and finite, got " + lambda);
        }
        this.ode = ode;
        this.regularizer = regularizer;
        this.lambda = lambda;
    }

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public StepOutcome run(StepInput in) {
        Var out = in.model().forward(Var.constant(in.input()));
        OdeSolution sol = ode.lastSolution();
        if (sol == null) {
            throw new IllegalStateException("SolverRegularizedStep: the model's forward pass did not run its NeuralOde");
        }
        Var task = in.loss().apply(out, in.batch().y());
        double lv = task.item();
        in.checkLoss(lv);
        Var total = task;
        forwardEvaluations += sol.evaluations();
        if (lambda > 0) {
            total = task.add(regularizer.penalty(sol, in.random("solver-regularizer")).mul(lambda));
            penaltyEvaluations += regularizer.evaluations(sol);
        }
        tapedNodes += graphSize(total);
        TensorMap grads = in.model().gradients(total);
        in.checkGradients(grads);
        in.optimizer().step(in.params(), grads, in.optimizerState(), in.context(lv).build());
        return new StepOutcome(lv, out.value(), in.batch().size());
    }

    /** Evaluations of {@code f} in the forward solves so far. */
    public long forwardEvaluations() {
        return forwardEvaluations;
    }

    /** Evaluations of {@code f} made by the regulariser so far (the local one's extra steps). */
    public long penaltyEvaluations() {
        return penaltyEvaluations;
    }

    /** The nodes of all differentiated graphs so far (operations and leaves). */
    public long tapedNodes() {
        return tapedNodes;
    }

    /** The number of distinct vars reachable from {@code root}. */
    static int graphSize(Var root) {
        IdentityHashMap<Var, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Var> todo = new ArrayDeque<>();
        todo.push(root);
        seen.put(root, Boolean.TRUE);
        while (!todo.isEmpty()) {
            for (Var in : todo.pop().inputs()) {
                if (seen.put(in, Boolean.TRUE) == null) {
                    todo.push(in);
                }
            }
        }
        return seen.size();
    }

    @Override
    public String describe() {
        return "solver_regularized(" + regularizer.describe() + ", lambda=" + lambda + ")";
    }
}
