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
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import java.util.List;

/**
 * Nonlinear conjugate gradient with the Polak–Ribière+ or Fletcher–Reeves update and a strong-Wolfe
 * line search, for full-batch (deterministic) objectives.
 *
 * <p>References: R. Fletcher, C. M. Reeves, "Function minimization by conjugate gradients", Comput. J. 7,
 * 1964; E. Polak, G. Ribière, 1969, with the nonnegative truncation of M. J. D. Powell (1986) and
 * J. C. Gilbert, J. Nocedal, SIAM J. Optim. 2, 1992; J. Nocedal, S. J. Wright, "Numerical Optimization",
 * 2nd ed., Algorithm 5.4 and §5.2. There is no PyTorch counterpart; the interface (one step = up to
 * {@code max_iter} iterations, names and tolerances) is that of {@link Lbfgs} / {@code torch.optim.LBFGS}.
 * <pre>
 *   first iteration ever:  d = −g
 *   otherwise:  fletcher_reeves:     β = gᵀg / g_prevᵀg_prev
 *               polak_ribiere_plus:  β = max(0, gᵀ(g − g_prev) / g_prevᵀg_prev)
 *               d = −g + β d;  if gᵀd ≥ 0 (not a descent direction): d = −g            (restart)
 *   initial step: first iteration min(1, 1/‖g‖₁)·lr, then lr · t_prev · (g_prevᵀd_prev)/(gᵀd)   (N&amp;W eq. 3.60)
 *   t from the strong-Wolfe line search (c1, c2); w ← w + t·d
 *   stop as L-BFGS: max_iter or max_eval reached, max|g| ≤ tolerance_grad, max|t·d| ≤ tolerance_change,
 *   |loss − loss_prev| &lt; tolerance_change, or gᵀd &gt; −tolerance_change
 * </pre>
 *
 * <p>{@code lr} multiplies every initial trial step (1 gives Nocedal &amp; Wright's choice); the accepted
 * step is the line search's, so it does not compound.
 *
 * <p>Defaults: {@code lr=1, max_iter=20, max_eval=0} (0: max_iter·5/4), {@code tolerance_grad=1e-7,
 * tolerance_change=1e-9, beta_type="polak_ribiere_plus", c1=1e-4, c2=0.1}. {@code c2=0.1} is Nocedal &amp;
 * Wright's advice for CG (L-BFGS uses 0.9); Fletcher–Reeves needs c2 &lt; 1/2 to guarantee descent. The
 * line search is {@link StrongWolfe}, torch's, shared with L-BFGS.
 *
 * <p>State: the direction, the previous gradient, the last step, the previous gᵀd and loss, and the
 * counters, keyed by parameter name. No composition of building blocks exists; the tests compare it with
 * a straightforward transcription of the equations above and with the exact answer on quadratics (CG with
 * exact line searches ends in at most n iterations).
 */
public final class NonlinearCg extends FullBatchSolver<NonlinearCg> implements Fluent.Lr<NonlinearCg>,
        Fluent.MaxIter<NonlinearCg>, Fluent.ToleranceGrad<NonlinearCg>, Fluent.BetaType<NonlinearCg> {

    /** Spec: {@code nonlinear_cg(lr=1.0, max_iter=20, ..., beta_type="polak_ribiere_plus", c1=0.0001, c2=0.1)}. */
    public static final Descriptor<NonlinearCg> SPEC = Descriptor
            .builder("nonlinear_cg", Descriptor.Kind.OPTIMIZER, NonlinearCg::new)
            .summary("nonlinear conjugate gradient (Polak-Ribiere+ or Fletcher-Reeves), strong-Wolfe line search")
            .reference("Fletcher & Reeves 1964; Polak & Ribiere 1969; Nocedal & Wright, Numerical Optimization, ch. 5")
            .param(Param.scalar("lr", 1.0, "scales each initial trial step").range(Range.greaterThan(0)))
            .param(Param.integer("max_iter", 20L, "iterations per step").range(Range.atLeast(1)))
            .param(Param.integer("max_eval", 0L, "evaluations per step; 0 means max_iter*5/4")
                    .range(Range.atLeast(0)))
            .param(Param.number("tolerance_grad", 1e-7, "stop when max|g| is at most this").range(Range.atLeast(0)))
            .param(Param.number("tolerance_change", 1e-9, "stop when loss or step change less")
                    .range(Range.atLeast(0)))
            .param(Param.choice("beta_type", "polak_ribiere_plus", List.of("polak_ribiere_plus", "fletcher_reeves"),
                    "the conjugacy coefficient"))
            .param(Param.number("c1", 1e-4, "sufficient-decrease constant").range(Range.closedOpen(0, 1)))
            .param(Param.number("c2", 0.1, "curvature constant").range(Range.closedOpen(0, 1)))
            .build();

    /**
     * CG state: {@code count} (steps), {@code nIter} and {@code funcEvals} (totals), the direction
     * {@code d}, the previous gradient, the last accepted step {@code t}, the previous gᵀd and loss.
     */
    public record State(Counter count, Counter nIter, Counter funcEvals, TensorMap direction, TensorMap prevFlatGrad,
            MutableScalar t, MutableScalar prevGtd, MutableScalar prevLoss) implements Counted {}

    private final int maxIter;
    private final int maxEval;
    private final boolean fletcherReeves;

    /** From validated hyperparameters; use {@code Optimizers.nonlinearCg()}. */
    public NonlinearCg(Hyperparams hp) {
        super(hp);
        this.maxIter = Math.toIntExact(hp.integer("max_iter"));
        long me = hp.integer("max_eval");
        this.maxEval = me == 0 ? maxIter * 5 / 4 : Math.toIntExact(me);
        this.fletcherReeves = hp.string("beta_type").equals("fletcher_reeves");
        if (hp.number("c1") >= hp.number("c2")) {
            throw new IllegalArgumentException("nonlinear_cg: c1=" + hp.number("c1") + " must be below c2="
                    + hp.number("c2"));
        }
    }

    @Override
    public State init(TensorMap params) {
        return new State(new Counter(), new Counter(), new Counter(), params.zerosLike(), params.zerosLike(),
                new MutableScalar(0.0), new MutableScalar(0.0), new MutableScalar(0.0));
    }

    /** Up to max_iter conjugate-gradient iterations with the strong-Wolfe search, moving {@code params} in place. */
    @Override
    protected void minimize(TensorMap params, TensorMap grad, OptState state, StepContext ctx) {
        Objective objective = ctx::gradientAt;
        State s = (State) state;
        double lrK = at("lr", s.count().get());
        s.count().increment();

        TensorMap g = grad;
        double loss = lossAtEntry(params, ctx);
        int currentEvals = 1;
        s.funcEvals().set(s.funcEvals().get() + 1);
        if (Trees.maxAbs(g) <= hp.number("tolerance_grad")) {
            return;
        }
        TensorMap d = s.direction();
        TensorMap gPrev = s.prevFlatGrad();
        int nIter = 0;
        while (nIter < maxIter) {
            nIter++;
            long totalIter = s.nIter().increment();
            double t;
            double gtd;
            if (totalIter == 1) {
                Trees.scaleInto(-1.0, g, d);
                gtd = Trees.dot(g, d);
                t = Math.min(1.0, 1.0 / Trees.sumAbs(g)) * lrK;
            } else {
                double prevSq = Trees.dot(gPrev, gPrev);
                double beta;
                if (fletcherReeves) {
                    beta = Trees.dot(g, g) / prevSq;
                } else {
                    beta = Math.max(0.0, (Trees.dot(g, g) - Trees.dot(g, gPrev)) / prevSq);
                }
                for (String name : d.names()) {
                    double[] dd = d.get(name).data();
                    double[] gg = g.get(name).data();
                    for (int i = 0; i < dd.length; i++) {
                        dd[i] = -gg[i] + beta * dd[i];
                    }
                }
                gtd = Trees.dot(g, d);
                if (!(gtd < 0)) {
                    Trees.scaleInto(-1.0, g, d);
                    gtd = Trees.dot(g, d);
                }
                t = lrK * s.t().get() * s.prevGtd().get() / gtd;
                if (!(t > 0) || Double.isInfinite(t)) {
                    t = lrK;
                }
            }
            Trees.copyInto(g, gPrev);
            double prevLoss = loss;
            s.prevLoss().set(loss);
            s.prevGtd().set(gtd);
            if (gtd > -hp.number("tolerance_change")) {
                break;
            }
            StrongWolfe.Result r = StrongWolfe.search(objective, params, d, t, loss, g, gtd, hp.number("c1"),
                    hp.number("c2"), hp.number("tolerance_change"), 25);
            loss = r.loss();
            g = r.grad();
            t = r.t();
            s.t().set(t);
            Trees.axpy(t, d, params);
            currentEvals += r.evals();
            s.funcEvals().set(s.funcEvals().get() + r.evals());

            if (nIter == maxIter || currentEvals >= maxEval || Trees.maxAbs(g) <= hp.number("tolerance_grad")) {
                break;
            }
            if (Trees.maxAbs(d) * Math.abs(t) <= hp.number("tolerance_change")) {
                break;
            }
            if (Math.abs(loss - prevLoss) < hp.number("tolerance_change")) {
                break;
            }
        }
    }
}
