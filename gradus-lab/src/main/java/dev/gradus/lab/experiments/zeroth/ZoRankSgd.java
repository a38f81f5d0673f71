package dev.gradus.lab.experiments.zeroth;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.LossFunction;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.Optimizers;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.zeroth.estimate.RankingOracle;
import dev.gradus.zeroth.estimate.ZoGradient;
import dev.gradus.zeroth.estimate.ZoRankGradient;
import java.util.List;

/**
 * ZO-RankSGD descends from rankings alone, better the more points are ranked, and stays close to value-based ZO-SGD
 * at the same number of queries (Tang, Rybin, Chang, "Zeroth-Order Optimization Meets Human Feedback: Provable
 * Learning via Ranking Oracles", ICLR 2024).
 *
 * <p>The digest's numpy check: f = ½ Σ Q_i x_i², d = 50, Q = linspace(1, 10), x₀ ~ N(0, I), μ = 0.01; ZO-RankSGD
 * with a full ranking of m points and η = 0.05; ZO-SGD (forward differences, m − 1 directions, so both spend m
 * queries per iteration) with η = 0.01. Both run through the library's transformations
 * ({@code chain(zo_rank_gradient(m), sgd(lr))}, {@code chain(zo_gradient(q), sgd(lr))}). The control ranks the points
 * at random (an oracle that carries no information).
 */
public final class ZoRankSgd implements Experiment {
    private static final int D = 50;
    private static final int[] MS = {2, 5, 10, 20};

    @Override
    public String id() {
        return "zo-ranksgd";
    }

    @Override
    public String paper() {
        return "Zeroth-Order Optimization Meets Human Feedback: Provable Learning via Ranking Oracles";
    }

    @Override
    public String reference() {
        return "Z. Tang, D. Rybin, T.-H. Chang, ICLR 2024";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2303.03751";
    }

    @Override
    public String claim() {
        return "ZO-RankSGD converges with only a ranking oracle; ranking more points per query round helps, and it is"
                + " competitive with value-based zeroth-order SGD at equal queries.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("theory, RL with ranked returns and Stable Diffusion with human rankings",
                "a 50-d ill-conditioned quadratic, 1000 iterations (quick) or 2000 (full), m = 2, 5, 10, 20",
                "the claims are about the estimator's descent and its m-dependence, which the quadratic isolates");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("m-helps", "Final f falls strictly with m = 2, 5, 10, 20, and reaches below 2% of f₀ at m = 20")
                        .test(s -> Criterion.allOf(
                                Criterion.decreasing(s + ".m2", s + ".m5", s + ".m10", s + ".m20"),
                                Criterion.below(s + ".m20", 0.02)))
                        .subject("rank")
                        .control("random_rank", "a ranking oracle that answers at random gives no descent direction")
                        .build(),
                Claim.that("competitive", "At m = 10 queries per iteration ZO-RankSGD ends within 10x of ZO-SGD's f")
                        .test(s -> Criterion.atMost(s + ".vs_zo_sgd", 10))
                        .subject("rank")
                        .control("random_rank", "random rankings do not approach ZO-SGD")
                        .build());
    }

    private static LossFunction quadratic() {
        return at -> {
            double[] x = at.get("x").data();
            double s = 0;
            for (int i = 0; i < D; i++) {
                double q = 1 + 9.0 * i / (D - 1);
                s += 0.5 * q * x[i] * x[i];
            }
            return s;
        };
    }

    /** Final f / f₀ after {@code iterations} steps of {@code opt}, recording the curve under {@code curve}. */
    private static double run(Trial t, GradientTransformation opt, double[] x0, int iterations, String curve,
            RandomStream seeds) {
        LossFunction f = quadratic();
        TensorMap x = TensorMap.of("x", Tensor.vector(x0.clone()));
        OptState state = opt.init(x);
        double f0 = f.value(x);
        double[] values = new double[iterations / 10 + 1];
        long root = seeds.nextLong();
        for (int k = 0; k < iterations; k++) {
            if (k % 10 == 0) {
                values[k / 10] = f.value(x) / f0;
            }
            StepContext ctx = StepContext.builder().lossFunction(f).random(RandomStream.of(root).fork("step " + k))
                    .build();
            opt.step(x, x.zerosLike(), state, ctx);
        }
        double last = f.value(x) / f0;
        values[iterations / 10] = last;
        if (curve != null) {
            t.curve(curve, values);
        }
        return Double.isFinite(last) ? last : Double.POSITIVE_INFINITY;
    }

    @Override
    public void trial(Trial t) {
        int iterations = t.quick() ? 1000 : 2000;
        double[] x0 = new double[D];
        t.random("start").fillNormal(x0);
        RandomStream seeds = t.random("directions");
        RandomStream shuffle = t.random("random oracle");
        double rank10 = Double.NaN;
        double random10 = Double.NaN;
        for (int m : MS) {
            GradientTransformation rank = Transforms.chain(ZoRankGradient.create().with("m", (long) m),
                    Optimizers.sgd().lr(0.05));
            double r = t.metric("rank.m" + m, run(t, rank, x0, iterations, "rank m=" + m, seeds));
            RankingOracle random = (candidates, k) -> shuffle.permutation(candidates.length);
            GradientTransformation blind = Transforms.chain(
                    ZoRankGradient.create().with("m", (long) m).withOracle(random), Optimizers.sgd().lr(0.05));
            double b = t.metric("random_rank.m" + m, run(t, blind, x0, iterations, null, seeds));
            if (m == 10) {
                rank10 = r;
                random10 = b;
            }
        }
        GradientTransformation zoSgd = Transforms.chain(ZoGradient.create().with("q", 9L), Optimizers.sgd().lr(0.01));
        double zo = run(t, zoSgd, x0, iterations, "zo_sgd q=9", seeds);
        t.metric("zo_sgd.m10", zo);
        t.metric("rank.vs_zo_sgd", rank10 / zo);
        t.metric("random_rank.vs_zo_sgd", random10 / zo);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("f = ½ Σ Q_i x_i², d = 50, Q = linspace(1, 10), x₀ ~ N(0, I), μ = 0.01; ZO-RankSGD η = 0.05 with a"
                + " full ranking of m points; ZO-SGD η = 0.01 with 9 forward differences (10 queries, as m = 10).");
        XYPlot p = XYPlot.titled("f / f₀ (median over seeds)").xLabel("iteration / 10").yLabel("f / f₀").logY();
        for (int m : MS) {
            report.keyMetric("rank_m" + m, seeds.median("rank.m" + m));
            p.line("rank m=" + m, seeds.medianCurve("rank m=" + m));
        }
        p.line("zo_sgd q=9", seeds.medianCurve("zo_sgd q=9"));
        report.keyMetric("zo_sgd_10_queries", seeds.median("zo_sgd.m10"));
        report.plot("descent", p);
    }
}
