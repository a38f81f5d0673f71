package dev.gradus.optim.optimizer;

import dev.gradus.optim.Objective;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;

/**
 * A line search for a step {@code t} along a descent direction {@code d} that satisfies the strong Wolfe
 * conditions
 * <pre>
 *   f(x + t d) ≤ f(x) + c1 · t · ∇f(x)ᵀd          (sufficient decrease)
 *   |∇f(x + t d)ᵀd| ≤ −c2 · ∇f(x)ᵀd               (curvature)
 * </pre>
 * by bracketing, then zooming with safeguarded cubic interpolation (Nocedal &amp; Wright, "Numerical
 * Optimization", 2nd ed., Algorithms 3.5 and 3.6). This is a line-by-line port of {@code _strong_wolfe}
 * and {@code _cubic_interpolate} in {@code torch/optim/lbfgs.py} (themselves ported from Torch7's
 * {@code lswolfe.lua} and {@code polyinterp.lua}), shared by {@link Lbfgs} and {@link NonlinearCg}.
 *
 * <p>Reference behaviour kept: at most {@code maxLs} evaluations after the first; when the bracket phase
 * runs out of evaluations the bracket becomes {@code [0, t]}; the zoom stops when the bracket times
 * {@code max|d|} falls below {@code tolerance_change}; and it returns the best point of the bracket
 * (which may violate the conditions when it stopped early).
 */
final class StrongWolfe {

    /** The accepted step: the loss and gradient there, the step length and the evaluations used. */
    record Result(double loss, TensorMap grad, double t, int evals) {}

    private StrongWolfe() {}

    /**
     * Searches along {@code d} from {@code x} (left unchanged), where the loss is {@code loss}, the
     * gradient {@code grad} and the directional derivative {@code gtd} (negative), starting at step
     * {@code t}. The returned gradient is a new map.
     */
    static Result search(Objective objective, TensorMap x, TensorMap d, double t, double loss, TensorMap grad,
            double gtd, double c1, double c2, double toleranceChange, int maxLs) {
        double dNorm = Trees.maxAbs(d);
        TensorMap trial = x.zerosLike();
        TensorMap gNew = x.zerosLike();
        double fNew = evaluate(objective, x, t, d, trial, gNew);
        int evals = 1;
        double gtdNew = Trees.dot(gNew, d);

        double tPrev = 0;
        double fPrev = loss;
        TensorMap gPrev = grad.copy();
        double gtdPrev = gtd;
        boolean done = false;
        int lsIter = 0;
        double[] bracket = null;
        double[] bracketF = null;
        TensorMap[] bracketG = null;
        double[] bracketGtd = null;
        while (lsIter < maxLs) {
            if (fNew > loss + c1 * t * gtd || (lsIter > 1 && fNew >= fPrev)) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new TensorMap[] {gPrev, gNew.copy()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bracket = new double[] {t};
                bracketF = new double[] {fNew};
                bracketG = new TensorMap[] {gNew};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bracket = new double[] {tPrev, t};
                bracketF = new double[] {fPrev, fNew};
                bracketG = new TensorMap[] {gPrev, gNew.copy()};
                bracketGtd = new double[] {gtdPrev, gtdNew};
                break;
            }
            // extrapolate
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double tmp = t;
            t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = tmp;
            fPrev = fNew;
            gPrev = gNew.copy();
            gtdPrev = gtdNew;
            fNew = evaluate(objective, x, t, d, trial, gNew);
            evals++;
            gtdNew = Trees.dot(gNew, d);
            lsIter++;
        }
        if (lsIter == maxLs) {
            bracket = new double[] {0, t};
            bracketF = new double[] {loss, fNew};
            bracketG = new TensorMap[] {grad.copy(), gNew};
            // torch leaves bracket_gtd from an earlier phase here (or undefined); the zoom below does not run
            // because ls_iter == max_ls, so it is never read.
        }

        // zoom: refine the bracket until a point satisfies the conditions
        boolean insufficientProgress = false;
        int low = 0;
        int high = 1;
        if (bracket.length > 1 && bracketF[0] > bracketF[bracket.length - 1]) {
            low = 1;
            high = 0;
        }
        while (!done && lsIter < maxLs) {
            if (Math.abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) {
                break;
            }
            t = cubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1],
                    Math.min(bracket[0], bracket[1]), Math.max(bracket[0], bracket[1]));
            // keep the trial 10% of the bracket away from its ends when progress stalls
            double bMax = Math.max(bracket[0], bracket[1]);
            double bMin = Math.min(bracket[0], bracket[1]);
            double eps = 0.1 * (bMax - bMin);
            if (Math.min(bMax - t, t - bMin) < eps) {
                if (insufficientProgress || t >= bMax || t <= bMin) {
                    t = Math.abs(t - bMax) < Math.abs(t - bMin) ? bMax - eps : bMin + eps;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            fNew = evaluate(objective, x, t, d, trial, gNew);
            evals++;
            gtdNew = Trees.dot(gNew, d);
            lsIter++;

            if (fNew > loss + c1 * t * gtd || fNew >= bracketF[low]) {
                bracket[high] = t;
                bracketF[high] = fNew;
                bracketG[high] = gNew.copy();
                bracketGtd[high] = gtdNew;
                if (bracketF[0] <= bracketF[1]) {
                    low = 0;
                    high = 1;
                } else {
                    low = 1;
                    high = 0;
                }
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) {
                    done = true;
                } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
                    bracket[high] = bracket[low];
                    bracketF[high] = bracketF[low];
                    bracketG[high] = bracketG[low];
                    bracketGtd[high] = bracketGtd[low];
                }
                bracket[low] = t;
                bracketF[low] = fNew;
                bracketG[low] = gNew.copy();
                bracketGtd[low] = gtdNew;
            }
        }
        if (bracket.length == 1) {
            low = 0;
        }
        return new Result(bracketF[low], bracketG[low], bracket[low], evals);
    }

    /** f(x + t d), with its gradient written into {@code g}; {@code trial} is scratch for the point. */
    private static double evaluate(Objective objective, TensorMap x, double t, TensorMap d, TensorMap trial,
            TensorMap g) {
        Trees.pointOnLine(x, t, d, trial);
        return objective.evaluate(trial, g);
    }

    /**
     * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to
     * [lo, hi]; the midpoint of [lo, hi] when the cubic has no minimum.
     */
    static double cubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, double lo,
            double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (d2Square >= 0) {
            double d2 = Math.sqrt(d2Square);
            double minPos;
            if (x1 <= x2) {
                minPos = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
            } else {
                minPos = x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            }
            return Math.min(Math.max(minPos, lo), hi);
        }
        return (lo + hi) / 2.0;
    }
}
