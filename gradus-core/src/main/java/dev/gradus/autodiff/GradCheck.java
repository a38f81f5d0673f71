package dev.gradus.autodiff;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Checks reverse-mode gradients against central finite differences in float64.
 *
 * <p>For each input element {@code x_j}, the numeric derivative is
 * {@code (L(x + h e_j) - L(x - h e_j)) / 2h} with {@code h = eps * max(1, |x_j|)}, whose error is of order
 * {@code h^2} plus rounding of order {@code 1e-16 / h}; the default {@code eps = 1e-6} balances the two at
 * about 1e-10 relative. A function with a non-scalar output is contracted with fixed seeded random weights
 * {@code w} into {@code L = sum(w * f(x))}, which checks the whole Jacobian-vector structure at once.
 *
 * <p>The report's scaled error {@code |analytic - numeric| / max(1, |numeric|)} is absolute for small
 * derivatives and relative for large ones; the worst element is the one where it peaks.
 *
 * <pre>{@code
 * GradCheck.Report r = GradCheck.check(xs -> xs.get(0).tanh().sum(), List.of(Tensor.randn(rng, 3, 4)));
 * r.requireBelow(1e-7);
 * }</pre>
 */
public final class GradCheck {
    /** The default relative step. */
    public static final double DEFAULT_EPS = 1e-6;

    private GradCheck() {}

    /**
     * The result of a check.
     *
     * @param maxAbsError   the largest {@code |analytic - numeric|}
     * @param maxRelError   the largest {@code |analytic - numeric| / max(|analytic|, |numeric|)} over elements
     *                      where that denominator exceeds 1e-8
     * @param maxScaledError the largest {@code |analytic - numeric| / max(1, |numeric|)}
     * @param worstInput    the input holding the element of largest scaled error
     * @param worstElement  that element's flat index
     * @param analytic      the analytic derivative there
     * @param numeric       the numeric derivative there
     */
    public record Report(double maxAbsError, double maxRelError, double maxScaledError, int worstInput, int worstElement,
                         double analytic, double numeric) {
        /** True when the scaled error is at most {@code tolerance}. */
        public boolean passes(double tolerance) {
            return maxScaledError <= tolerance;
        }

        /** Throws an {@link AssertionError} describing the worst element unless {@link #passes} holds. */
        public Report requireBelow(double tolerance) {
            if (!passes(tolerance)) {
                throw new AssertionError("gradient check failed: " + this + " exceeds tolerance " + tolerance);
            }
            return this;
        }

        @Override
        public String toString() {
            return String.format("max abs error %.3g, max rel error %.3g, max scaled error %.3g at input %d element %d"
                    + " (analytic %.10g, numeric %.10g)", maxAbsError, maxRelError, maxScaledError, worstInput,
                    worstElement, analytic, numeric);
        }
    }

    /** Checks {@code f} at {@code inputs} with the default step, using first-order gradients. */
    public static Report check(Function<List<Var>, Var> f, List<Tensor> inputs) {
        return check(f, inputs, DEFAULT_EPS, false);
    }

    /**
     * Checks {@code f} at {@code inputs} (which are not modified). With {@code viaGradGraph} the analytic
     * gradient comes from {@link Autodiff#gradGraph}, the differentiable path, instead of {@link Autodiff#grad}.
     */
    public static Report check(Function<List<Var>, Var> f, List<Tensor> inputs, double eps, boolean viaGradGraph) {
        List<Tensor> xs = new ArrayList<>();
        List<Var> params = new ArrayList<>();
        for (Tensor t : inputs) {
            Tensor c = t.copy();
            xs.add(c);
            params.add(Var.param(c));
        }
        Var out = f.apply(params);
        Tensor weights = out.value().size() == 1 ? null : Tensor.randn(RandomStream.of(0x6772616443L), out.shape());
        List<Tensor> analytic = new ArrayList<>();
        if (viaGradGraph) {
            for (Var g : Autodiff.gradGraph(out, params, weights == null ? null : Var.constant(weights), true)) {
                analytic.add(g.value());
            }
        } else {
            analytic = Autodiff.grad(out, params, weights, true);
        }

        double maxAbs = 0, maxRel = 0, maxScaled = -1, worstA = 0, worstN = 0;
        int worstInput = -1, worstElement = -1;
        for (int q = 0; q < xs.size(); q++) {
            xs.get(q).markModified(); // the probes below write through data(); the values end as they began
            double[] x = xs.get(q).data(), a = analytic.get(q).data();
            for (int j = 0; j < x.length; j++) {
                double saved = x[j], h = eps * Math.max(1, Math.abs(saved));
                x[j] = saved + h;
                double plus = evaluate(f, xs, weights);
                x[j] = saved - h;
                double minus = evaluate(f, xs, weights);
                x[j] = saved;
                double numeric = (plus - minus) / (2 * h);
                double err = Math.abs(a[j] - numeric);
                if (Double.isNaN(err)) err = Double.POSITIVE_INFINITY;
                double denom = Math.max(Math.abs(a[j]), Math.abs(numeric));
                double scaled = err / Math.max(1, Math.abs(numeric));
                maxAbs = Math.max(maxAbs, err);
                if (denom > 1e-8) maxRel = Math.max(maxRel, err / denom);
                if (scaled > maxScaled) {
                    maxScaled = scaled;
                    worstInput = q;
                    worstElement = j;
                    worstA = a[j];
                    worstN = numeric;
                }
            }
        }
        return new Report(maxAbs, maxRel, Math.max(maxScaled, 0), worstInput, worstElement, worstA, worstN);
    }

    private static double evaluate(Function<List<Var>, Var> f, List<Tensor> xs, Tensor weights) {
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            List<Var> vars = new ArrayList<>(xs.size());
            for (Tensor t : xs) vars.add(Var.constant(t));
            Tensor y = f.apply(vars).value();
            return weights == null ? y.item() : y.dot(weights);
        }
    }
}
