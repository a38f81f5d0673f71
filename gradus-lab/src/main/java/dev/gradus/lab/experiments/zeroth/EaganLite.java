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
import dev.gradus.nn.Activation;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.moo.Hypervolume;
import dev.gradus.zeroth.moo.NonDominatedSort;
import dev.gradus.zeroth.moo.Nsga2;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * EAGAN-lite: EAGAN's two-stage evolutionary architecture search for GANs (Ying et al., "EAGAN: Efficient Two-stage
 * Evolutionary Architecture Search for GANs", arXiv:2111.15097) on a ring of eight Gaussians, against the
 * single-stage search of generator and discriminator together.
 *
 * <p>Search space: each network is an MLP ({@link GanNet}: depth 1-3, widths 4-32, ReLU or tanh; 5 genes in [0, 1]).
 * Every candidate pair is trained from scratch for a few hundred steps ({@link MlpGan}) and scored on three minimised
 * objectives, normalised so that the space's range is about [0, 1] (reference point of the hypervolume 1.1 in each):
 * <pre>
 *   f₁ = (8 − modes covered) / 8
 *   f₂ = MMD²(generated, real) / MMD²(all samples at the centre, real)       (the collapsed-to-the-origin generator is 1)
 *   f₃ = (log₁₀ P_G − log₁₀ 22) / (log₁₀ 2274 − log₁₀ 22)                  (P_G the generator's parameters; 22 and 2274
 *                                                                          are the smallest and largest of the space)
 * </pre>
 * Searches, all with the library's NSGA-II (population N, SBX and polynomial mutation with η = 5, because the genes
 * are discrete choices one bin of 1/4 to 1/3 wide, not η = 20's small continuous steps):
 * <ul>
 *   <li><b>two-stage</b> (EAGAN): stage 1 searches the generator's 5 genes against one fixed discriminator (the middle
 *   of the space: 16×16 ReLU), stage 2 searches the discriminator's 5 genes for stage 1's best generator (most modes,
 *   then lowest MMD, then fewest parameters) with every pair's weights reset, as in EAGAN's one-to-one training;</li>
 *   <li><b>single-stage</b> (the control): NSGA-II over all 10 genes, with twice the two-stage search's evaluations.</li>
 * </ul>
 * A search's front is the non-dominated set of every pair it evaluated. The claim: the two-stage front reaches at least
 * 95% of the single-stage front's hypervolume with half the evaluations. The control is the single-stage search cut at
 * the same number of evaluations as the two-stage search: under the same test it reaches less of its own final front.
 *
 * <p>Determinism: a pair's training stream is forked from the seed by the names of its two architectures, so within a
 * seed a pair always gets the same score (the searches optimise the same function); a pair evaluated again is looked up
 * instead of trained again (same bits, and it still counts as an evaluation); nothing is shared across seeds.
 */
public final class EaganLite implements Experiment {
    /** The hypervolume fraction of the single-stage front that the two-stage front must reach. */
    static final double HV_TOLERANCE = 0.95;
    private static final GanNet FIXED_DISCRIMINATOR = new GanNet(new int[] {16, 16}, Activation.RELU);
    private static final double LOG_MIN_PARAMS = Math.log10(22);
    private static final double LOG_MAX_PARAMS = Math.log10(2274);
    private static final double[] REFERENCE = {1.1, 1.1, 1.1};
    private static final double ETA = 5.0;
    private static final double DIVERGED = 10.0;

    @Override
    public String id() {
        return "eagan-lite";
    }

    @Override
    public String paper() {
        return "EAGAN: Efficient Two-stage Evolutionary Architecture Search for GANs";
    }

    @Override
    public String reference() {
        return "G. Ying, X. He, B. Gao, B. Han, X. Chu, arXiv:2111.15097, 2021";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2111.15097";
    }

    @Override
    public String claim() {
        return "Searching the generator against a fixed discriminator, then the discriminator for the best generator,"
                + " reaches the joint search's Pareto front at a fraction of its evaluations.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("CIFAR-10 (and STL-10) convolutional GANs, cell-based generator and discriminator genes,"
                + " NSGA-II on Inception Score, FID and model size; 1.2 GPU-days of search, IS 8.81 / FID 9.91",
                "a ring of 8 Gaussians in 2-D, MLP generators and discriminators (depth 1-3, widths 4-32, ReLU/tanh),"
                        + " each pair trained from scratch for 200 steps (quick; full 300), NSGA-II on modes covered,"
                        + " MMD² and generator size; quick: population 6, two-stage 12 + 6 evaluations against 36"
                        + " single-stage, 5 seeds in about 17 s of CPU time; full: population 8, 24 + 16 against 80, 20 seeds"
                        + " (several minutes)",
                "the paper's setting needs CIFAR-10 (170 MB, not shipped), a pretrained Inception-v3 for IS and FID"
                        + " (about 100 MB of weights, 50,000 generated images per score) and thousands of GPU-hours of"
                        + " convolution on 2 CPU cores; the ring keeps what the claim is about (a decomposed search"
                        + " against a joint one, on a sample-quality × size front) with scores that cost milliseconds;"
                        + " modes covered and MMD stand in for IS and FID, which only exist for images");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("front", "With half the evaluations, the two-stage search's front has at least"
                        + " 95% of the single-stage search's front hypervolume")
                .test(s -> Criterion.atLeast(s + ".hv_ratio", HV_TOLERANCE))
                .subject("two_stage")
                .control("single_stage_matched", "the single-stage joint search cut at the two-stage search's"
                        + " evaluations reaches less of its own final front")
                .precondition(s -> Criterion.atLeast("single_stage.best_modes", 2))
                .build());
    }

    /** One evaluated pair, its normalised objectives and raw scores. */
    private record Evaluated(GanNet g, GanNet d, double[] f, MlpGan.Score score) {}

    /** Scores pairs for one seed and keeps every evaluation in order. */
    private static final class Scorer {
        private final RandomStream training;
        private final MlpGan.Probe probe;
        private final double mmdCentre;
        private final int steps;
        private final Trial trial;
        /** Scores by pair code: a pair's score is a function of its two architectures (see the class comment), so
         * a pair that a search proposes again is not trained again. */
        private final Map<String, MlpGan.Score> scores = new HashMap<>();

        Scorer(Trial t, int steps) {
            this.trial = t;
            this.training = t.random("training");
            this.probe = MlpGan.Probe.of(t.random("probe"), 256);
            this.mmdCentre = GaussianRing.mmd2(new double[2 * probe.n()], probe.n(), probe.real(), probe.n(),
                    probe.realSelf());
            this.steps = steps;
        }

        Evaluated score(GanNet g, GanNet d) {
            String pair = g.code() + "|" + d.code();
            MlpGan.Score s = scores.get(pair);
            if (s == null) {
                s = MlpGan.train(g, d, steps, training.fork(pair), probe);
                scores.put(pair, s);
            }
            double[] f = {
                (GaussianRing.MODES - s.modes()) / (double) GaussianRing.MODES,
                // A diverged generator (non-finite samples) gets a finite value far beyond the reference point, so
                // NSGA-II's crowding distance stays finite and the pair adds nothing to the hypervolume.
                Double.isFinite(s.mmd()) ? s.mmd() / mmdCentre : DIVERGED,
                (Math.log10(s.generatorParameters()) - LOG_MIN_PARAMS) / (LOG_MAX_PARAMS - LOG_MIN_PARAMS)
            };
            return new Evaluated(g, d, f, s);
        }

        void progress(String msg, double fraction) {
            trial.progress(msg, fraction);
        }
    }

    /** What a search stage varies: the generator, the discriminator, or both. */
    private enum Genes {
        GENERATOR, DISCRIMINATOR, BOTH
    }

    @Override
    public void trial(Trial t) {
        boolean quick = t.quick();
        int population = quick ? 6 : 8;
        int stage1Rounds = quick ? 2 : 3;
        int stage2Rounds = quick ? 1 : 2;
        int singleRounds = 2 * (stage1Rounds + stage2Rounds);
        Scorer scorer = new Scorer(t, quick ? 200 : 300);

        List<Evaluated> twoStage = new ArrayList<>();
        List<Evaluated> stage1 = search(scorer, Genes.GENERATOR, null, FIXED_DISCRIMINATOR, population, stage1Rounds,
                t.random("stage 1").nextLong());
        twoStage.addAll(stage1);
        Evaluated best = bestGenerator(stage1);
        twoStage.addAll(search(scorer, Genes.DISCRIMINATOR, best.g(), null, population, stage2Rounds,
                t.random("stage 2").nextLong()));
        List<Evaluated> single = search(scorer, Genes.BOTH, null, null, population, singleRounds,
                t.random("single stage").nextLong());

        int matched = twoStage.size();
        // twoStage begins with stage1, so its prefix of stage1.size() evaluations is stage 1's front.
        double[] hvSinglePrefix = prefixHypervolumes(single);
        double[] hvTwoPrefix = prefixHypervolumes(twoStage);
        double hvSingle = hvSinglePrefix[single.size() - 1];
        double hvTwo = hvTwoPrefix[matched - 1];
        double hvMatched = hvSinglePrefix[matched - 1];
        t.metric("single_stage.evaluations", single.size());
        t.metric("two_stage.evaluations", matched);
        t.metric("two_stage.evaluation_fraction", matched / (double) single.size());
        t.metric("single_stage.hv", hvSingle);
        t.metric("two_stage.hv", hvTwo);
        t.metric("single_stage_matched.hv", hvMatched);
        t.metric("two_stage.hv_ratio", hvSingle > 0 ? hvTwo / hvSingle : Double.NaN);
        t.metric("single_stage_matched.hv_ratio", hvSingle > 0 ? hvMatched / hvSingle : Double.NaN);
        t.metric("single_stage.best_modes", bestModes(single));
        t.metric("two_stage.best_modes", bestModes(twoStage));
        t.metric("two_stage.stage1_hv_ratio", hvSingle > 0 ? hvTwoPrefix[stage1.size() - 1] / hvSingle
                : Double.NaN);
        t.curve("single_stage hv", hvCurve(hvSinglePrefix, hvSingle));
        t.curve("two_stage hv", hvCurve(hvTwoPrefix, hvSingle));
        MlpGan.Score bs = best.score();
        t.note("stage 1's best generator " + best.g() + " (" + bs.modes() + " modes, MMD² "
                + String.format("%.4f", bs.mmd()) + ", " + bs.generatorParameters() + " parameters against "
                + FIXED_DISCRIMINATOR + ")");
    }

    /**
     * One NSGA-II search of {@code rounds} batches of {@code population} (the first batch is the random initial
     * population); {@code fixedG} or {@code fixedD} holds the network that the stage does not vary.
     */
    private static List<Evaluated> search(Scorer scorer, Genes genes, GanNet fixedG, GanNet fixedD, int population,
            int rounds, long seed) {
        int d = genes == Genes.BOTH ? 2 * GanNet.GENES : GanNet.GENES;
        Nsga2 nsga = Nsga2.defaults().population(population).with("eta_c", ETA).with("eta_m", ETA);
        Nsga2.State s = nsga.init(Box.cube(d, 0, 1), 3, seed);
        List<Evaluated> all = new ArrayList<>(population * rounds);
        for (int r = 0; r < rounds; r++) {
            Tensor x = nsga.ask(s);
            double[] xs = x.data();
            double[] values = new double[population * 3];
            for (int i = 0; i < population; i++) {
                GanNet g = genes == Genes.DISCRIMINATOR ? fixedG : GanNet.decode(xs, i * d);
                GanNet dis = switch (genes) {
                    case GENERATOR -> fixedD;
                    case DISCRIMINATOR -> GanNet.decode(xs, i * d);
                    case BOTH -> GanNet.decode(xs, i * d + GanNet.GENES);
                };
                Evaluated e = scorer.score(g, dis);
                all.add(e);
                System.arraycopy(e.f(), 0, values, 3 * i, 3);
                scorer.progress(genes.name().toLowerCase(Locale.ROOT) + " search",
                        (r * population + i + 1) / (double) (rounds * population));
            }
            nsga.tell(s, Tensor.of(values, population, 3));
        }
        return all;
    }

    /** Most modes, then lowest MMD, then fewest parameters (ties: the first evaluated). */
    private static Evaluated bestGenerator(List<Evaluated> stage) {
        Evaluated best = stage.get(0);
        for (Evaluated e : stage) {
            MlpGan.Score a = e.score();
            MlpGan.Score b = best.score();
            if (a.modes() > b.modes() || a.modes() == b.modes() && (a.mmd() < b.mmd()
                    || a.mmd() == b.mmd() && a.generatorParameters() < b.generatorParameters())) {
                best = e;
            }
        }
        return best;
    }

    private static int bestModes(List<Evaluated> all) {
        int m = 0;
        for (Evaluated e : all) {
            m = Math.max(m, e.score().modes());
        }
        return m;
    }

    /** The hypervolume of the non-dominated set of the first {@code count} evaluations. */
    static double hypervolume(List<Evaluated> all, int count) {
        double[] f = new double[3 * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(all.get(i).f(), 0, f, 3 * i, 3);
        }
        int[] front = NonDominatedSort.firstFront(Tensor.of(f, count, 3));
        double[] kept = new double[3 * front.length];
        for (int k = 0; k < front.length; k++) {
            System.arraycopy(f, 3 * front[k], kept, 3 * k, 3);
        }
        return Hypervolume.of(Tensor.of(kept, front.length, 3), REFERENCE);
    }

    /** The hypervolume after each evaluation: element {@code i} is {@code hypervolume(all, i + 1)}. */
    private static double[] prefixHypervolumes(List<Evaluated> all) {
        double[] h = new double[all.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = hypervolume(all, i + 1);
        }
        return h;
    }

    /** The prefix hypervolumes {@code prefix} as fractions of {@code scale}. */
    private static double[] hvCurve(double[] prefix, double scale) {
        double[] c = new double[prefix.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = scale > 0 ? prefix[i] / scale : Double.NaN;
        }
        return c;
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("Ring of 8 Gaussians (radius 2, σ 0.1); MLP GANs with latent dimension 2, non-saturating loss,"
                + " Adam lr 0.01 betas (0.5, 0.999), batch 64; modes covered = modes holding at least 1/32 of 256"
                + " generated samples within 3σ; MMD² with an RBF kernel of bandwidth 0.5 against 256 real samples;"
                + " hypervolume of (modes missed / 8, MMD² / MMD² of the collapsed generator, normalised log10"
                + " generator parameters) at (1.1, 1.1, 1.1).");
        report.keyMetric("two_stage_hv_ratio", seeds.median("two_stage.hv_ratio"));
        report.keyMetric("single_stage_matched_hv_ratio", seeds.median("single_stage_matched.hv_ratio"));
        report.keyMetric("evaluation_fraction", seeds.median("two_stage.evaluation_fraction"));
        double[] stage1 = seeds.values("two_stage.stage1_hv_ratio");
        double[] two = seeds.values("two_stage.hv_ratio");
        int improved = 0;
        for (int i = 0; i < two.length; i++) {
            improved += two[i] > stage1[i] ? 1 : 0;
        }
        report.note(String.format(Locale.ROOT, "Stage 1 alone (generators against the fixed %s"
                + " discriminator) reaches a median %.2f of the single-stage front's hypervolume; the discriminator"
                + " search of stage 2 raises it in %d of %d seeds, to a median %.2f. The single-stage search at the"
                + " same evaluations has a median %.2f. Modes covered by the best pair, median: two-stage %.0f,"
                + " single-stage %.0f.", FIXED_DISCRIMINATOR, SeedResults.median(stage1), improved, two.length,
                SeedResults.median(two), seeds.median("single_stage_matched.hv_ratio"),
                seeds.median("two_stage.best_modes"), seeds.median("single_stage.best_modes")));
        report.plot("hypervolume", XYPlot.titled("Front hypervolume / single-stage final (median over seeds)")
                .xLabel("evaluations (pairs trained)").yLabel("fraction of the single-stage front's hypervolume")
                .line("two-stage", seeds.medianCurve("two_stage hv"))
                .line("single-stage", seeds.medianCurve("single_stage hv")));
    }
}
