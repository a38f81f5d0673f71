package dev.gradus.optim.optimizer;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.Fluent;
import dev.gradus.optim.MutableScalar;
import dev.gradus.optim.Objective;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import java.util.List;

/**
 * L-BFGS: a quasi-Newton method that approximates the inverse Hessian from the last {@code history_size}
 * pairs of parameter and gradient differences, for full-batch (deterministic) objectives.
 *
 * <p>References: D. C. Liu, J. Nocedal, "On the limited memory BFGS method for large scale optimization",
 * Math. Programming 45, 1989; J. Nocedal, S. J. Wright, "Numerical Optimization", 2nd ed., Algorithm 7.4
 * (the two-loop recursion). Code followed line by line: {@code torch.optim.LBFGS} (itself after Mark
 * Schmidt's minFunc), with its {@code _strong_wolfe} line search ({@link StrongWolfe}).
 *
 * <p>One step runs up to {@code max_iter} iterations from the gradient it is given, asking the step context for
 * the loss and gradient at every further point ({@link dev.gradus.optim.Capability#GRADIENT}):
 * <pre>
 *   first iteration ever:  d = −g,  H_diag = 1,  t = min(1, 1/‖g‖₁) · lr
 *   otherwise:  y = g − g_prev,  s = t·d;  if yᵀs &gt; 1e-10: push (y, s, ρ = 1/yᵀs), H_diag = yᵀs/yᵀy
 *               d = −H g by the two-loop recursion (H₀ = H_diag·I),  t = lr
 *   if gᵀd &gt; −tolerance_change: stop
 *   strong_wolfe: t from the line search (c1 = 1e-4, c2 = 0.9, 25 evaluations); w ← w + t·d
 *   no line search: w ← w + t·d and re-evaluate (except on the last iteration)
 *   stop when max_iter or max_eval is reached, max|g| ≤ tolerance_grad, max|t·d| ≤ tolerance_change,
 *   or |loss − loss_prev| &lt; tolerance_change
 * </pre>
 * The step does nothing when max|g| ≤ tolerance_grad at entry. The loss at entry (torch's {@code orig_loss}) is
 * the context's {@link StepContext#loss()}, or is evaluated when the caller did not give it. {@code step}
 * moves the parameters in place exactly as torch does; {@code update} returns the displacement
 * ({@link FullBatchSolver}).
 *
 * <p>Defaults (torch names): {@code lr=1, max_iter=20, max_eval=0} (0 means torch's {@code None}:
 * {@code max_iter·5/4}), {@code tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100,
 * line_search_fn="strong_wolfe"}. Deviation: torch's default {@code line_search_fn} is {@code None};
 * Gradus defaults to the strong-Wolfe search, which is what full-batch users want. {@code "none"} gives
 * torch's fixed-step behaviour.
 *
 * <p>State: every quantity torch keeps between calls ({@code d, t, old_dirs, old_stps, ro, H_diag,
 * prev_flat_grad, prev_loss, n_iter, func_evals}), keyed by parameter name. The history is a ring buffer
 * allocated by {@link #init}: per parameter, {@code history_size} rows of y and of s, so memory is
 * {@code (2·history_size + 2)·numel} doubles from the start (torch reaches the same after
 * {@code history_size} iterations). There is no composition of building blocks for L-BFGS; the tests
 * compare it with an independent transcription of torch's flat-vector code.
 */
public final class Lbfgs extends FullBatchSolver<Lbfgs> implements Fluent.Lr<Lbfgs>, Fluent.MaxIter<Lbfgs>,
        Fluent.MaxEval<Lbfgs>, Fluent.ToleranceGrad<Lbfgs>, Fluent.ToleranceChange<Lbfgs>, Fluent.HistorySize<Lbfgs>,
        Fluent.LineSearchFn<Lbfgs> {

    /** Spec: {@code lbfgs(lr=1.0, max_iter=20, ..., line_search_fn="strong_wolfe")}. */
    public static final Descriptor<Lbfgs> SPEC = Descriptor.builder("lbfgs", Descriptor.Kind.OPTIMIZER, Lbfgs::new)
            .summary("limited-memory BFGS with a strong-Wolfe line search (full batch)")
            .reference("Liu & Nocedal, Math. Prog. 1989; torch.optim.LBFGS")
            .param(Param.scalar("lr", 1.0, "initial step of each line search").range(Range.greaterThan(0)))
            .param(Param.integer("max_iter", 20L, "iterations per step").range(Range.atLeast(1)))
            .param(Param.integer("max_eval", 0L, "evaluations per step; 0 means max_iter*5/4")
                    .range(Range.atLeast(0)))
            .param(Param.number("tolerance_grad", 1e-7, "stop when max|g| is at most this").range(Range.atLeast(0)))
            .param(Param.number("tolerance_change", 1e-9, "stop when loss or step change less")
                    .range(Range.atLeast(0)))
            .param(Param.integer("history_size", 100L, "pairs kept for the Hessian approximation")
                    .range(Range.atLeast(1)))
            .param(Param.choice("line_search_fn", "strong_wolfe", List.of("strong_wolfe", "none"),
                    "line search, or none for a fixed step"))
            .build();

    /**
     * L-BFGS state. {@code count}: steps taken; {@code nIter}, {@code funcEvals}: torch's totals;
     * {@code direction} (d), {@code prevFlatGrad}; {@code oldDirs} and {@code oldStps}: per parameter a
     * {@code [history_size, numel]} ring buffer of y and s, whose valid rows are {@code historyLength}
     * rows from {@code historyStart}; {@code ro}: one entry {@code "ro"} of length history_size (ρ per
     * row); {@code t}, {@code hDiag}, {@code prevLoss}.
     */
    public record State(Counter count, Counter nIter, Counter funcEvals, TensorMap direction, TensorMap prevFlatGrad,
            TensorMap oldDirs, TensorMap oldStps, TensorMap ro, Counter historyStart, Counter historyLength,
            MutableScalar t, MutableScalar hDiag, MutableScalar prevLoss) implements Counted {}

    private final int maxIter;
    private final int maxEval;
    private final int historySize;
    private final boolean strongWolfe;

    /** From validated hyperparameters; use {@code Optimizers.lbfgs()}. */
    public Lbfgs(Hyperparams hp) {
        super(hp);
        this.maxIter = Math.toIntExact(hp.integer("max_iter"));
        long me = hp.integer("max_eval");
        this.maxEval = me == 0 ? maxIter * 5 / 4 : Math.toIntExact(me);
        this.historySize = Math.toIntExact(hp.integer("history_size"));
        this.strongWolfe = hp.string("line_search_fn").equals("strong_wolfe");
    }

    @Override
    public State init(TensorMap params) {
        TensorMap dirs = new TensorMap();
        TensorMap stps = new TensorMap();
        params.forEach((name, p) -> {
            dirs.put(name, Tensor.zeros(historySize, p.size()));
            stps.put(name, Tensor.zeros(historySize, p.size()));
        });
        return new State(new Counter(), new Counter(), new Counter(), params.zerosLike(), params.zerosLike(), dirs,
                stps, TensorMap.of("ro", Tensor.zeros(historySize)), new Counter(), new Counter(),
                new MutableScalar(0.0), new MutableScalar(1.0), new MutableScalar(0.0));
    }

    /** Torch's {@code LBFGS.step}: up to max_iter iterations moving {@code params} in place from the gradient {@code grad}. */
    @Override
    protected void minimize(TensorMap params, TensorMap grad, OptState state, StepContext ctx) {
        State s = (State) state;
        Objective objective = ctx::gradientAt;
        double lrK = at("lr", s.count().get());
        s.count().increment();

        TensorMap flatGrad = grad;
        double loss = lossAtEntry(params, ctx);
        int currentEvals = 1;
        s.funcEvals().set(s.funcEvals().get() + 1);
        if (Trees.maxAbs(flatGrad) <= hp.number("tolerance_grad")) {
            return;
        }
        TensorMap d = s.direction();
        TensorMap prevFlatGrad = s.prevFlatGrad();
        double t = s.t().get();
        double[] ro = s.ro().get("ro").data();
        double[] al = new double[historySize];

        int nIter = 0;
        while (nIter < maxIter) {
            nIter++;
            long totalIter = s.nIter().increment();

            if (totalIter == 1) {
                Trees.scaleInto(-1.0, flatGrad, d);
                s.historyStart().set(0);
                s.historyLength().set(0);
                s.hDiag().set(1.0);
            } else {
                // y = g − g_prev and s = t·d become the newest history row when the curvature is positive
                double ys = 0.0;
                double yy = 0.0;
                for (String name : params.names()) {
                    double[] g = flatGrad.get(name).data();
                    double[] gp = prevFlatGrad.get(name).data();
                    double[] dd = d.get(name).data();
                    for (int i = 0; i < g.length; i++) {
                        double y = g[i] - gp[i];
                        ys += y * (dd[i] * t);
                        yy += y * y;
                    }
                }
                if (ys > 1e-10) {
                    int len = (int) s.historyLength().get();
                    int start = (int) s.historyStart().get();
                    int row;
                    if (len == historySize) {
                        row = start;
                        s.historyStart().set((start + 1) % historySize);
                    } else {
                        row = (start + len) % historySize;
                        s.historyLength().set(len + 1);
                    }
                    for (String name : params.names()) {
                        double[] g = flatGrad.get(name).data();
                        double[] gp = prevFlatGrad.get(name).data();
                        double[] dd = d.get(name).data();
                        double[] yRows = s.oldDirs().get(name).data();
                        double[] sRows = s.oldStps().get(name).data();
                        int off = row * g.length;
                        for (int i = 0; i < g.length; i++) {
                            yRows[off + i] = g[i] - gp[i];
                            sRows[off + i] = dd[i] * t;
                        }
                    }
                    ro[row] = 1.0 / ys;
                    s.hDiag().set(ys / yy);
                }
                twoLoop(s, flatGrad, d, al);
            }
            Trees.copyInto(flatGrad, prevFlatGrad);
            double prevLoss = loss;
            s.prevLoss().set(loss);

            t = totalIter == 1 ? Math.min(1.0, 1.0 / Trees.sumAbs(flatGrad)) * lrK : lrK;
            double gtd = Trees.dot(flatGrad, d);
            if (gtd > -hp.number("tolerance_change")) {
                break;
            }

            int lsFuncEvals = 0;
            boolean optCond = false;
            if (strongWolfe) {
                StrongWolfe.Result r = StrongWolfe.search(objective, params, d, t, loss, flatGrad, gtd, 1e-4, 0.9,
                        hp.number("tolerance_change"), 25);
                loss = r.loss();
                flatGrad = r.grad();
                t = r.t();
                lsFuncEvals = r.evals();
                Trees.axpy(t, d, params);
                optCond = Trees.maxAbs(flatGrad) <= hp.number("tolerance_grad");
            } else {
                Trees.axpy(t, d, params);
                if (nIter != maxIter) {
                    loss = objective.evaluate(params, flatGrad);
                    optCond = Trees.maxAbs(flatGrad) <= hp.number("tolerance_grad");
                    lsFuncEvals = 1;
                }
            }
            currentEvals += lsFuncEvals;
            s.funcEvals().set(s.funcEvals().get() + lsFuncEvals);

            if (nIter == maxIter || currentEvals >= maxEval || optCond) {
                break;
            }
            if (Trees.maxAbs(d) * Math.abs(t) <= hp.number("tolerance_change")) {
                break;
            }
            if (Math.abs(loss - prevLoss) < hp.number("tolerance_change")) {
                break;
            }
        }
        s.t().set(t);
    }

    /** d = −H·g by the two-loop recursion over the valid history rows, oldest first. */
    private void twoLoop(State s, TensorMap flatGrad, TensorMap d, double[] al) {
        int len = (int) s.historyLength().get();
        int start = (int) s.historyStart().get();
        double[] ro = s.ro().get("ro").data();
        Trees.scaleInto(-1.0, flatGrad, d); // q, in place in d
        for (int k = len - 1; k >= 0; k--) {
            int row = (start + k) % historySize;
            double a = rowDot(s.oldStps(), row, d) * ro[row];
            al[k] = a;
            rowAxpy(-a, s.oldDirs(), row, d);
        }
        double h = s.hDiag().get();
        for (String name : d.names()) {
            double[] q = d.get(name).data();
            for (int i = 0; i < q.length; i++) {
                q[i] *= h;
            }
        }
        for (int k = 0; k < len; k++) {
            int row = (start + k) % historySize;
            double be = rowDot(s.oldDirs(), row, d) * ro[row];
            rowAxpy(al[k] - be, s.oldStps(), row, d);
        }
    }

    private static double rowDot(TensorMap rows, int row, TensorMap v) {
        double sum = 0.0;
        for (String name : v.names()) {
            double[] x = v.get(name).data();
            double[] r = rows.get(name).data();
            int off = row * x.length;
            for (int i = 0; i < x.length; i++) {
                sum += r[off + i] * x[i];
            }
        }
        return sum;
    }

    private static void rowAxpy(double alpha, TensorMap rows, int row, TensorMap v) {
        for (String name : v.names()) {
            double[] x = v.get(name).data();
            double[] r = rows.get(name).data();
            int off = row * x.length;
            for (int i = 0; i < x.length; i++) {
                x[i] += alpha * r[off + i];
            }
        }
    }
}
