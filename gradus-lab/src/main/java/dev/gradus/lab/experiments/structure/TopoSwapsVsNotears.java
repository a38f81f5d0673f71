package dev.gradus.lab.experiments.structure;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.SeriesTable;
import dev.gradus.lab.Trial;
import dev.gradus.nn.structure.Dags;
import dev.gradus.nn.structure.LeastSquaresScore;
import dev.gradus.nn.structure.LinearSem;
import dev.gradus.nn.structure.Notears;
import dev.gradus.nn.structure.NotearsResult;
import dev.gradus.nn.structure.RandomDag;
import dev.gradus.nn.structure.Shd;
import dev.gradus.nn.structure.TopoResult;
import dev.gradus.nn.structure.TopoSwaps;
import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;

/**
 * TOPO (Deng, Bello, Aragam, Ravikumar, ICML 2023) against NOTEARS (Zheng et al., NeurIPS 2018) on random linear
 * Gaussian SEMs with equal noise variances: Erdős–Rényi and scale-free DAGs with 2d edges, weights ±U[0.5, 2],
 * n = 1000 samples. Per graph: NOTEARS (λ = 0.1, threshold 0.3, the reference defaults), TOPO from a random order,
 * TOPO started from NOTEARS' topological order (post-processing), and that order's least-squares fit without swaps.
 * Scores are the least-squares score F(W) = (1/2n)‖X − XW‖² of each method's returned DAG; "excess" is the worst
 * relative excess over the true DAG's score across the seed's graphs, and SHD per true edge is averaged over them.
 *
 * <p>Claims, thresholds fixed before running (the digest's numpy check had TOPO below the truth's score with SHD 0
 * at d = 10, 20, 30 and NOTEARS 0.6% above the truth at d = 10 and SHD 11 at d = 20): TOPO's excess is at most 0.1%
 * where NOTEARS' is not; TOPO's SHD per edge is at most 0.1 where NOTEARS' is not; TOPO after NOTEARS has excess at
 * most 0.1% where the refit of NOTEARS' order without swaps does not.
 */
public final class TopoSwapsVsNotears implements Experiment {
    private static final int N = 1000;
    private static final double THRESHOLD = 0.3;

    @Override
    public String id() {
        return "topo";
    }

    @Override
    public String paper() {
        return "Optimizing NOTEARS Objectives via Topological Swaps";
    }

    @Override
    public String reference() {
        return "C. Deng, K. Bello, B. Aragam, P. Ravikumar, ICML 2023";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2305.17277";
    }

    @Override
    public String claim() {
        return "TOPO reaches lower scores (and SHD) than NOTEARS and improves NOTEARS' output as post-processing.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(3, 10).because("NOTEARS' augmented Lagrangian takes seconds per graph even at d = 10 "
                + "(ρ climbs to about 1e13); three seeds of three graphs keep the quick preset near its budget");
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("ER and SF graphs with d = 10 to 100 and 1 to 4 edges per node, n = 1000, several "
                + "score functions and baselines (NOTEARS, GOLEM, NOFEARS), 10 repetitions",
                "quick: ER2 d = 10, SF2 d = 10 and ER2 d = 15, 3 seeds; full: ER2 and SF2 at d = 10, 15 and 20, "
                        + "10 seeds (about 80 s); least-squares score only, NOTEARS as the baseline",
                "the claims compare the two searches on the same objective; their difference already shows at "
                        + "d = 10 to 20, where NOTEARS' local solutions appear");
    }

    private static List<Graph> graphs(boolean quick) {
        List<Graph> g = new ArrayList<>();
        g.add(new Graph("er10", false, 10));
        g.add(new Graph("sf10", true, 10));
        g.add(new Graph("er15", false, 15));
        if (!quick) {
            g.add(new Graph("sf15", true, 15));
            g.add(new Graph("er20", false, 20));
            g.add(new Graph("sf20", true, 20));
        }
        return g;
    }

    private record Graph(String name, boolean scaleFree, int d) {}

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("lower-score", "TOPO from a random order reaches the true DAG's score: its returned DAG "
                                + "is at most 0.1% above it on every graph of the seed")
                        .test(s -> Criterion.atMost(s + ".excess", 0.001))
                        .subject("topo")
                        .control("notears", "NOTEARS' continuous search stops at local solutions of the "
                                + "augmented Lagrangian")
                        .build(),
                Claim.that("lower-shd", "TOPO recovers the graphs: SHD per true edge at most 0.1 (mean over the "
                                + "seed's graphs, weights thresholded at 0.3)")
                        .test(s -> Criterion.atMost(s + ".shd_per_edge", 0.1))
                        .subject("topo")
                        .control("notears", "NOTEARS with the same threshold")
                        .build(),
                Claim.that("post-processing", "TOPO started from NOTEARS' topological order reaches the true DAG's "
                                + "score (at most 0.1% above it on every graph)")
                        .test(s -> Criterion.atMost(s + ".excess", 0.001))
                        .subject("notears_topo")
                        .control("notears_order", "the least-squares refit of NOTEARS' order without swaps: the "
                                + "swaps, not the refit, must do the work")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        List<Graph> graphs = graphs(t.quick());
        String[] methods = {"notears", "topo", "notears_topo", "notears_order"};
        double[] excess = new double[methods.length];
        double[] shdPerEdge = new double[methods.length];
        java.util.Arrays.fill(excess, Double.NEGATIVE_INFINITY);
        for (int k = 0; k < graphs.size(); k++) {
            Graph g = graphs.get(k);
            t.progress(g.name(), k / (double) graphs.size());
            RandomStream rng = t.random("graph-" + g.name());
            int d = g.d();
            double[] truth = g.scaleFree() ? RandomDag.scaleFree(d, 2 * d, rng) : RandomDag.erdosRenyi(d, 2 * d, rng);
            LeastSquaresScore score = LeastSquaresScore.of(LinearSem.sample(truth, d, N, 1.0, rng));
            double truthScore = score.value(truth);
            int edges = Dags.edgeCount(truth, d);

            long t0 = System.nanoTime();
            NotearsResult nt = new Notears().fit(score);
            double notearsSeconds = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            TopoResult topo = new TopoSwaps().fit(score, t.random("order-" + g.name()).permutation(d));
            double topoSeconds = (System.nanoTime() - t0) / 1e9;
            int[] notearsOrder = Dags.topologicalOrder(nt.weights(), d);
            TopoResult post = new TopoSwaps().fit(score, notearsOrder);
            TopoResult refit = TopoSwaps.fitOrder(score, notearsOrder);

            double[][] estimates = {nt.weights(), topo.thresholded(THRESHOLD), post.thresholded(THRESHOLD),
                refit.thresholded(THRESHOLD)};
            double[] scores = {score.value(nt.weights()), topo.score(), post.score(), refit.score()};
            for (int m = 0; m < methods.length; m++) {
                double ex = (scores[m] - truthScore) / truthScore;
                int shd = Shd.of(truth, estimates[m], d);
                excess[m] = Math.max(excess[m], ex);
                shdPerEdge[m] += shd / (double) edges / graphs.size();
                t.metric(methods[m] + "." + g.name() + ".excess", ex);
                t.metric(methods[m] + "." + g.name() + ".shd", shd);
            }
            t.metric("truth." + g.name() + ".score", truthScore);
            t.metric("notears." + g.name() + ".seconds", notearsSeconds);
            t.metric("topo." + g.name() + ".seconds", topoSeconds);
            t.metric("topo." + g.name() + ".swaps", topo.swaps());
            t.metric("notears_topo." + g.name() + ".swaps", post.swaps());
            t.metric("notears." + g.name() + ".h", nt.h());
        }
        for (int m = 0; m < methods.length; m++) {
            t.metric(methods[m] + ".excess", excess[m]);
            t.metric(methods[m] + ".shd_per_edge", shdPerEdge[m]);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        List<Graph> graphs = graphs(report.quick());
        report.setup("Linear Gaussian SEMs with unit noise variance, n = 1000, 2d edges, weights ±U[0.5, 2]; "
                + "graphs " + graphs.stream().map(Graph::name).toList() + ". NOTEARS: λ = 0.1, h_tol = 1e-8, "
                + "ρ_max = 1e16, threshold 0.3, inner solver projected L-BFGS. TOPO: size_small = 100, "
                + "size_large = 400, one large search, candidates ranked by ∂h/∂A at W_π.");
        String[] methods = {"notears", "topo", "notears_topo", "notears_order"};
        double[] index = new double[graphs.size()];
        for (int k = 0; k < graphs.size(); k++) {
            index[k] = k;
        }
        SeriesTable shdTable = SeriesTable.of("graph_index", index);
        SeriesTable excessTable = SeriesTable.of("graph_index", index);
        StringBuilder note = new StringBuilder("Median SHD and excess score over the truth per graph (notears / topo"
                + " / notears_topo / notears_order): ");
        for (String m : methods) {
            double[] shd = new double[graphs.size()];
            double[] ex = new double[graphs.size()];
            for (int k = 0; k < graphs.size(); k++) {
                shd[k] = seeds.median(m + "." + graphs.get(k).name() + ".shd");
                ex[k] = seeds.median(m + "." + graphs.get(k).name() + ".excess");
            }
            shdTable = shdTable.with(m, shd);
            excessTable = excessTable.with(m, ex);
        }
        for (Graph g : graphs) {
            note.append(g.name()).append(':');
            for (String m : methods) {
                note.append(String.format(" %.0f/%.2f%%", seeds.median(m + "." + g.name() + ".shd"),
                        100 * seeds.median(m + "." + g.name() + ".excess")));
            }
            note.append(String.format(" (NOTEARS %.1f s, TOPO %.2f s); ",
                    seeds.median("notears." + g.name() + ".seconds"), seeds.median("topo." + g.name() + ".seconds")));
        }
        report.note(note.toString());
        report.note("Equal noise variances make the least-squares score identify the DAG, and they also make the "
                + "data varsortable (Reisach et al., 2021): marginal variances grow along the order. Both methods "
                + "see the same raw data, so the comparison is fair, but the absolute SHDs would not carry over to "
                + "standardised data, where the score no longer identifies the graph.");
        report.series("shd", shdTable);
        report.series("excess", excessTable);
        report.keyMetric("topo_median_shd_per_edge", seeds.median("topo.shd_per_edge"));
        report.keyMetric("notears_median_shd_per_edge", seeds.median("notears.shd_per_edge"));
        report.keyMetric("notears_median_excess", seeds.median("notears.excess"));
    }
}
