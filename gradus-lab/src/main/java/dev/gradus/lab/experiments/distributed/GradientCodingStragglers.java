package dev.gradus.lab.experiments.distributed;

import dev.gradus.distributed.coding.BurstyStragglerModel;
import dev.gradus.distributed.coding.GcScheme;
import dev.gradus.distributed.coding.MsgcScheme;
import dev.gradus.distributed.coding.SequentialScheme;
import dev.gradus.distributed.coding.SequentialSimulation;
import dev.gradus.distributed.coding.SrSgcScheme;
import dev.gradus.lab.Aggregate;
import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.plot.BarPlot;
import dev.gradus.tensor.RandomStream;
import java.util.List;

/**
 * Sequential gradient coding (Krishnan, Ebrahimi and Khisti, ICLR 2023): when each gradient job may finish a few
 * rounds late, coding across rounds as well as across workers tolerates bursty stragglers at a much lower load,
 * and M-SGC needs a lower load and runtime than gradient coding (GC) and selective repetition (SR-SGC).
 *
 * <p>Setup: {@code n = 20} workers and the paper's {@code (B, W, lambda) = (1, 3, 4)}. Each seed draws a straggler
 * pattern in the bursty model ({@link BurstyStragglerModel#generate}, a worker starts a burst with probability 0.1)
 * for {@code J} jobs; worker delays are {@code 1 + U(0, 0.1)} per unit of load, and {@code 3 + Exp(mean 5)} for a
 * straggler. The timed simulation ({@link SequentialSimulation}, the reference simulator's rule: the master waits
 * {@code (1 + mu)} times the fastest worker, {@code mu = 0.5}, or for everyone when the scheme cannot tolerate the
 * round) gives each scheme's runtime. Decodability in time is measured on the drawn pattern itself, without waiting.
 * Schemes: M-SGC, SR-SGC ({@code s = 2, T = 1}), GC with {@code s = lambda = 4}, and an uncoded scheme
 * (GC with {@code s = 0}, the load M-SGC is close to).
 */
public final class GradientCodingStragglers implements Experiment {
    private static final int N = 20;
    private static final BurstyStragglerModel MODEL = new BurstyStragglerModel(N, 1, 3, 4);

    @Override
    public String id() {
        return "gradient-coding-stragglers";
    }

    @Override
    public String paper() {
        return "Sequential Gradient Coding For Straggler Mitigation";
    }

    @Override
    public String reference() {
        return "M. N. Krishnan, M. Ebrahimi, A. Khisti, ICLR 2023";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2211.13802";
    }

    @Override
    public String claim() {
        return "Coding across rounds (M-SGC) decodes every job in time under bursty stragglers with a lower load and"
                + " runtime than gradient coding and selective repetition.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("256 AWS Lambda workers with real stragglers; a simulator with measured delays",
                "the reference simulator's round rule with 20 workers, (B, W, lambda) = (1, 3, 4) and synthetic bursty"
                        + " delays; 300 jobs (quick) or 2000 (full)",
                "decodability and load are combinatorial properties of the schemes, and the runtime follows from the"
                        + " same round rule the paper's simulator uses");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("in-time", "Every job decodes by its deadline on bursty straggler patterns")
                        .test(s -> Criterion.atLeast(s + ".in_time", 1.0))
                        .subject("m_sgc")
                        .control("uncoded", "without redundancy any straggler delays its job")
                        .rule(Aggregate.everySeed())
                        .build(),
                Claim.that("load", "M-SGC's load is at most half of GC's")
                        .test(s -> Criterion.atMost(s + ".load_vs_gc", 0.5))
                        .subject("m_sgc")
                        .control("sr_sgc", "selective repetition saves less: 0.15 against GC's 0.25")
                        .build(),
                Claim.that("runtime", "M-SGC's runtime is at least 10% below SR-SGC's")
                        .test(s -> Criterion.atMost(s + ".runtime_vs_sr", 0.9))
                        .subject("m_sgc")
                        .control("gc", "round-by-round GC at load 0.25 takes longer than SR-SGC")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        int jobs = t.quick() ? 300 : 2000;
        int rounds = jobs + 3;
        boolean[][] pattern = MODEL.generate(rounds, 0.1, t.random("pattern"));
        RandomStream r = t.random("delays");
        double[][] delays = new double[rounds][N];
        for (int q = 0; q < rounds; q++) {
            for (int i = 0; i < N; i++) {
                double base = 1 + 0.1 * r.uniform();
                delays[q][i] = pattern[q][i] ? 3 + 5 * -Math.log(1 - r.uniform()) : base;
            }
        }
        SequentialScheme[] schemes = {new MsgcScheme(MODEL), new SrSgcScheme(MODEL), new GcScheme(N, 4, false),
            new GcScheme(N, 0, false)};
        String[] names = {"m_sgc", "sr_sgc", "gc", "uncoded"};
        double[] runtime = new double[schemes.length];
        double gcLoad = schemes[2].load();
        for (int k = 0; k < schemes.length; k++) {
            SequentialScheme s = schemes[k];
            int[] decoded = s.decodeRounds(pattern, jobs);
            int inTime = 0;
            for (int j = 0; j < jobs; j++) {
                inTime += decoded[j] >= 0 && decoded[j] <= j + s.delay() ? 1 : 0;
            }
            t.metric(names[k] + ".in_time", (double) inTime / jobs);
            t.metric(names[k] + ".load_vs_gc", s.load() / gcLoad);
            SequentialSimulation.Result res = SequentialSimulation.run(s, jobs, delays, 0.5);
            runtime[k] = res.runtime();
            t.metric(names[k] + ".runtime", res.runtime());
            t.metric(names[k] + ".waited", res.waitedForAll());
            if (!res.allDecodedInTime(s.delay())) {
                t.note(names[k] + ": some job missed its deadline in the timed simulation");
            }
        }
        for (int k = 0; k < schemes.length; k++) {
            t.metric(names[k] + ".runtime_vs_sr", runtime[k] / runtime[1]);
            t.metric(names[k] + ".runtime_vs_gc", runtime[k] / runtime[2]);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("20 workers, (B, W, lambda) = (1, 3, 4), bursty patterns with burst probability 0.1; delays"
                + " 1 + U(0, 0.1) per unit load, stragglers 3 + Exp(5); wait factor mu = 0.5.");
        String[] names = {"m_sgc", "sr_sgc", "gc", "uncoded"};
        double[] rt = new double[names.length];
        double[] load = new double[names.length];
        for (int k = 0; k < names.length; k++) {
            rt[k] = seeds.median(names[k] + ".runtime_vs_gc");
            load[k] = seeds.median(names[k] + ".load_vs_gc");
        }
        report.plot("runtime", BarPlot.titled("runtime and load relative to GC (median over seeds)")
                .categories("M-SGC", "SR-SGC", "GC", "uncoded").yLabel("relative to GC")
                .group("runtime", rt).group("load", load));
        report.keyMetric("m_sgc_runtime_vs_gc", rt[0]);
        report.keyMetric("sr_sgc_runtime_vs_gc", rt[1]);
    }
}
