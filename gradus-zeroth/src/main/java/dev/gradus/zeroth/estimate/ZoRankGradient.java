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
import java.util.ArrayList;
import java.util.List;

/**
 * ZO-RankSGD's descent direction from a ranking oracle (Tang, Rybin, Chang, "Zeroth-Order Optimization Meets Human
 * Feedback: Provable Learning via Ranking Oracles", ICLR 2024; code {@code TZW1998/Taming-Stable-Diffusion-with-Human-
 * Ranking-Feedback optimizer.py}). At x draw m directions ξ_j ~ N(0, I), show the oracle the points x + μ ξ_j, and
 * take its k best in order (rank r = 0 is the best):
 * <pre>
 *   P = k(k − 1)/2 + k(m − k)                              pairs implied by the ranking
 *   w_ranked(r) = (k − 1 − r) + (m − k) − r = m − 1 − 2r     w_unranked = −k        (Σ w = 0)
 *   d = (1/P) Σ_j w_j ξ_j,     x ← x + η d
 * </pre>
 * As a transformation it passes on {@code −d}, so {@code chain(zo_rank_gradient(m=10), sgd(lr=η))} is ZO-RankSGD and
 * any other optimizer or schedule may follow. {@code k=0} means a full ranking (k = m).
 *
 * <p>Code deviates: the official code gives ranked points weight {@code m − 2r} for every k, unranked −k, the same P,
 * and uses the offsets μξ_j as directions; {@code code_parity=true} does that. Without an oracle of its own the
 * estimate ranks by the step's loss at the m points ({@link Capability#LOSS}), ties to the earlier direction; with
 * {@link #withOracle} it asks only the oracle for comparisons (a Java-only setting, not part of the spec).
 * The direction is scale-free: with a constant η it plateaus at an O(η) error, so decay η. Defaults
 * {@code m=10, k=0, mu=0.01}.
 */
public final class ZoRankGradient extends Configurable<ZoRankGradient> {

    /** Spec: {@code zo_rank_gradient(m=10, k=0, mu=0.01, code_parity=false)}. */
    public static final Descriptor<ZoRankGradient> SPEC = Descriptor
            .builder("zo_rank_gradient", Descriptor.Kind.TRANSFORM, ZoRankGradient::new)
            .summary("ZO-RankSGD: a descent direction from an (m, k)-ranking of perturbed points")
            .reference("Tang, Rybin, Chang, ICLR 2024; TZW1998/Taming-Stable-Diffusion-with-Human-Ranking-Feedback")
            .param(Param.integer("m", 10L, "perturbed points shown to the oracle").range(Range.atLeast(2)))
            .param(Param.integer("k", 0L, "how many the oracle ranks (0: all m)").range(Range.atLeast(0)))
            .param(Param.scalar("mu", 0.01, "perturbation radius").range(Range.greaterThan(0)))
            .param(Param.flag("code_parity", false, "weights m − 2r and directions μξ as in the official code"))
            .build();

    private final int m;
    private final int k;
    private final Schedule mu;
    private final boolean codeParity;
    private final RankingOracle oracle;

    /** From validated hyperparameters; use {@code Specs.transformation("zo_rank_gradient(m=10)")}. */
    public ZoRankGradient(Hyperparams hp) {
        this(hp, null);
    }

    private ZoRankGradient(Hyperparams hp, RankingOracle oracle) {
        super(hp);
        this.m = Math.toIntExact(hp.integer("m"));
        long kk = hp.integer("k");
        if (kk > m) {
            throw new IllegalArgumentException("zo_rank_gradient: k = " + kk + " cannot exceed m = " + m);
        }
        this.k = kk == 0 ? m : (int) kk;
        this.mu = hp.schedule("mu");
        this.codeParity = hp.flag("code_parity");
        this.oracle = oracle;
    }

    /** The estimate with the defaults. */
    public static ZoRankGradient create() {
        return (ZoRankGradient) SPEC.defaults().create();
    }

    /** The same estimate asking {@code rankingOracle} instead of the step's loss. */
    public ZoRankGradient withOracle(RankingOracle rankingOracle) {
        return new ZoRankGradient(hp, rankingOracle);
    }

    /** The weight of the point ranked {@code r} (0 is the best), or of an unranked point when {@code r ≥ k}. */
    public double weight(int r) {
        if (r >= k) {
            return -k;
        }
        return codeParity ? m - 2.0 * r : m - 1.0 - 2.0 * r;
    }

    /** The number of pairs the ranking implies, the normaliser P. */
    public double pairs() {
        return k * (k - 1) / 2.0 + (double) k * (m - k);
    }

    @Override
    public EstimatorState init(TensorMap params) {
        return new EstimatorState(new Counter());
    }

    @Override
    protected List<Requirement> ownRequirements() {
        List<Requirement> out = new ArrayList<>();
        if (oracle == null) {
            out.add(new Requirement(Capability.LOSS, "zo_rank_gradient", "ranking the perturbed points by their loss"));
        }
        out.add(new Requirement(Capability.RANDOM, "zo_rank_gradient", "its random directions"));
        return out;
    }

    @Override
    public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
        EstimatorState s = (EstimatorState) state;
        double radius = mu.at(s.count().get());
        FlatParameters flat = new FlatParameters(params);
        int dim = flat.size();
        RandomStream rng = Directions.stream(ctx, s.count().get());
        double[][] xi = new double[m][dim];
        for (int j = 0; j < m; j++) {
            Directions.draw(rng, xi[j], false);
        }
        int[] top = rank(flat, xi, radius, ctx);
        double[] w = new double[m];
        java.util.Arrays.fill(w, weight(k));
        for (int r = 0; r < k; r++) {
            w[top[r]] = weight(r);
        }
        double scale = (codeParity ? radius : 1.0) / pairs();
        double[] g = new double[dim];
        for (int j = 0; j < m; j++) {
            double c = -scale * w[j];
            double[] x = xi[j];
            for (int i = 0; i < dim; i++) {
                g[i] += c * x[i];
            }
        }
        flat.scatter(g, updates);
        s.count().increment();
    }

    private int[] rank(FlatParameters flat, double[][] xi, double radius, StepContext ctx) {
        if (oracle == null) {
            double[] f = new double[m];
            for (int j = 0; j < m; j++) {
                f[j] = ctx.lossAt(flat.at(radius, xi[j]));
            }
            return Ranks.order(f, m);
        }
        TensorMap[] points = new TensorMap[m];
        for (int j = 0; j < m; j++) {
            points[j] = flat.at(radius, xi[j]).copy();
        }
        int[] top = oracle.topK(points, k);
        boolean[] seen = new boolean[m];
        if (top.length != k) {
            throw new IllegalArgumentException("zo_rank_gradient: the ranking oracle returned " + top.length
                    + " indices, expected the " + k + " best");
        }
        for (int i : top) {
            if (i < 0 || i >= m || seen[i]) {
                throw new IllegalArgumentException("zo_rank_gradient: the ranking oracle returned "
                        + java.util.Arrays.toString(top) + ", expected " + k + " distinct indices in [0, " + m + ")");
            }
            seen[i] = true;
        }
        return top;
    }
}
