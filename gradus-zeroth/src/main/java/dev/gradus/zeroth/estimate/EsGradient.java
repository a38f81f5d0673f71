package dev.gradus.zeroth.estimate;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Configurable;
import dev.gradus.optim.Counter;
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
import dev.gradus.zeroth.Ranks;
import dev.gradus.zeroth.ZigguratNormal;
import java.util.List;

/**
 * The OpenAI-ES gradient estimate (Salimans, Ho, Chen, Sidor, Sutskever, "Evolution Strategies as a Scalable
 * Alternative to Reinforcement Learning", 2017) with antithetic pairs and centred-rank fitness shaping:
 * <pre>
 *   ε_p ~ N(0, I), p = 1..P, each from its own seed;  N = 2P candidates θ ± σ ε_p
 *   u_i = rank_i/(N − 1) − ½            (rank 0 = the largest loss)
 *   ĝ_ascent = (1/(N σ)) Σ_i u_i ε_i    (ε_i = ±ε_p)
 * </pre>
 * The transformation passes on {@code −ĝ_ascent}, an estimate of the loss gradient, so
 * {@code chain(es_gradient(pairs=25, sigma=0.02), adam(lr=0.01))} is the paper's setup (which also adds L2 weight
 * decay: {@code add_decayed_weights} in the chain). The noise is shared through seeds, as in the paper: each ε_p is
 * regenerated from its seed when the estimate is combined, so no N × D table is kept. Defaults {@code pairs=25,
 * sigma=0.02}.
 */
public final class EsGradient extends Configurable<EsGradient> {

    /** Spec: {@code es_gradient(pairs=25, sigma=0.02)}. */
    public static final Descriptor<EsGradient> SPEC = Descriptor
            .builder("es_gradient", Descriptor.Kind.TRANSFORM, EsGradient::new)
            .summary("OpenAI-ES estimate: antithetic pairs, centred ranks, noise shared by seeds")
            .reference("Salimans et al. 2017")
            .param(Param.integer("pairs", 25L, "antithetic pairs P (2P loss queries)").range(Range.atLeast(1)))
            .param(Param.scalar("sigma", 0.02, "perturbation scale").range(Range.greaterThan(0)))
            .build();

    private final int pairs;
    private final Schedule sigma;

    /** From validated hyperparameters; use {@code Specs.transformation("es_gradient(pairs=25)")}. */
    public EsGradient(Hyperparams hp) {
        super(hp);
        this.pairs = Math.toIntExact(hp.integer("pairs"));
        this.sigma = hp.schedule("sigma");
    }

    /** The estimate with the defaults. */
    public static EsGradient create() {
        return (EsGradient) SPEC.defaults().create();
    }

    @Override
    public EstimatorState init(TensorMap params) {
        return new EstimatorState(new Counter());
    }

    @Override
    protected List<Requirement> ownRequirements() {
        return List.of(new Requirement(Capability.LOSS, "es_gradient", "the losses of the perturbed parameters"),
                new Requirement(Capability.RANDOM, "es_gradient", "its noise seeds"));
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        EstimatorState s = (EstimatorState) state;
        double sg = sigma.at(s.count().get());
        FlatParameters flat = new FlatParameters(params);
        int dim = flat.size();
        RandomStream rng = Directions.stream(ctx, s.count().get());
        long[] seeds = new long[pairs];
        double[] f = new double[2 * pairs];
        double[] eps = new double[dim];
        for (int p = 0; p < pairs; p++) {
            seeds[p] = rng.nextLong();
            ZigguratNormal.fill(RandomStream.of(seeds[p]), eps);
            f[2 * p] = ctx.lossAt(flat.at(sg, eps));
            f[2 * p + 1] = ctx.lossAt(flat.at(-sg, eps));
        }
        double[] u = new double[2 * pairs];
        Ranks.centred(f, 2 * pairs, u);
        double[] g = new double[dim];
        double scale = 1.0 / (2 * pairs * sg);
        for (int p = 0; p < pairs; p++) {
            ZigguratNormal.fill(RandomStream.of(seeds[p]), eps);
            double c = -scale * (u[2 * p] - u[2 * p + 1]);
            for (int i = 0; i < dim; i++) {
                g[i] += c * eps[i];
            }
        }
        flat.scatter(g, updates);
        s.count().increment();
    }
}
