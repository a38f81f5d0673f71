package dev.gradus.zeroth.estimate;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Configurable;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.Schedule;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/**
 * ZO-SGD's value-based gradient estimate (Nesterov and Spokoiny, "Random Gradient-Free Minimization of Convex
 * Functions", Found. Comput. Math. 2017; the baseline of Tang, Rybin, Chang, ICLR 2024), replacing the incoming
 * gradient by
 * <pre>
 *   forward:  ĝ = (1/q) Σ_{j=1..q} (f(x + μ ξ_j) − f(x)) / μ · ξ_j            (q + 1 queries; f(x) is reused when
 *                                                                              the step gives the loss)
 *   central:  ĝ = (1/q) Σ_{j=1..q} (f(x + μ ξ_j) − f(x − μ ξ_j)) / (2μ) · ξ_j  (2q queries)
 *   directions = "gaussian": ξ_j ~ N(0, I);   "sphere": ξ_j = √D · u_j, u_j uniform on the unit sphere
 * </pre>
 * over all parameters jointly (D of them). Both direction kinds have {@code E[ξ ξᵀ] = I}, so ĝ estimates the gradient
 * of the μ-smoothed loss. Followed by any optimizer: {@code chain(zo_gradient(q=10), sgd(lr=0.01))} is ZO-SGD.
 * Defaults {@code q=10, mu=0.01} (the digest's numpy check, 04-derivative-free §2).
 */
public final class ZoGradient extends Configurable<ZoGradient> {

    /** Spec: {@code zo_gradient(q=10, mu=0.01, directions="gaussian", scheme="forward")}. */
    public static final Descriptor<ZoGradient> SPEC = Descriptor
            .builder("zo_gradient", Descriptor.Kind.TRANSFORM, ZoGradient::new)
            .summary("zeroth-order gradient estimate from losses at random perturbations (ZO-SGD)")
            .reference("Nesterov & Spokoiny 2017; Tang, Rybin, Chang, ICLR 2024 (baseline)")
            .param(Param.integer("q", 10L, "directions per estimate").range(Range.atLeast(1)))
            .param(Param.scalar("mu", 0.01, "smoothing radius").range(Range.greaterThan(0)))
            .param(Param.choice("directions", "gaussian", List.of("gaussian", "sphere"), "direction distribution"))
            .param(Param.choice("scheme", "forward", List.of("forward", "central"), "difference scheme"))
            .build();

    private final int q;
    private final Schedule mu;
    private final boolean sphere;
    private final boolean central;

    /** From validated hyperparameters; use {@code Specs.transformation("zo_gradient(q=10)")}. */
    public ZoGradient(Hyperparams hp) {
        super(hp);
        this.q = Math.toIntExact(hp.integer("q"));
        this.mu = hp.schedule("mu");
        this.sphere = hp.string("directions").equals("sphere");
        this.central = hp.string("scheme").equals("central");
    }

    /** The estimate with the defaults. */
    public static ZoGradient create() {
        return (ZoGradient) SPEC.defaults().create();
    }

    @Override
    public EstimatorState init(TensorMap params) {
        return new EstimatorState(new dev.gradus.optim.Counter());
    }

    @Override
    protected List<Requirement> ownRequirements() {
        return List.of(new Requirement(Capability.LOSS, "zo_gradient", "the losses at perturbed parameters"),
                new Requirement(Capability.RANDOM, "zo_gradient", "its random directions"));
    }

    /** The number of loss queries one estimate makes when the step gives the loss at x. */
    public int queries() {
        return central ? 2 * q : q;
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        EstimatorState s = (EstimatorState) state;
        double m = mu.at(s.count().get());
        FlatParameters flat = new FlatParameters(params);
        int dim = flat.size();
        double[] xi = new double[dim];
        double[] g = new double[dim];
        RandomStream rng = Directions.stream(ctx, s.count().get());
        double f0 = central ? Double.NaN : (Double.isNaN(ctx.loss()) ? ctx.lossAt(params) : ctx.loss());
        for (int j = 0; j < q; j++) {
            Directions.draw(rng, xi, sphere);
            double plus = ctx.lossAt(flat.at(m, xi));
            double c = central ? (plus - ctx.lossAt(flat.at(-m, xi))) / (2 * m) : (plus - f0) / m;
            for (int i = 0; i < dim; i++) {
                g[i] += c * xi[i];
            }
        }
        for (int i = 0; i < dim; i++) {
            g[i] /= q;
        }
        flat.scatter(g, updates);
        s.count().increment();
    }
}
