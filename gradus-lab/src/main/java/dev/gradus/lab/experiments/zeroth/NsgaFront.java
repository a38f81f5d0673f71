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
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.Evaluator;
import dev.gradus.zeroth.Search;
import dev.gradus.zeroth.moo.CrowdingDistance;
import dev.gradus.zeroth.moo.Hypervolume;
import dev.gradus.zeroth.moo.NonDominatedSort;
import dev.gradus.zeroth.moo.Nsga2;
import dev.gradus.zeroth.problem.MultiObjectiveProblem;
import dev.gradus.zeroth.problem.Problems;
import java.util.List;

/**
 * NSGA-II's non-dominated sorting and crowding distance reproduce the digest's golden example, and NSGA-II
 * approaches ZDT1's analytic front (Deb, Pratap, Agarwal, Meyarivan, "A Fast and Elitist Multiobjective Genetic
 * Algorithm: NSGA-II", IEEE TEC 2002; used by EAGAN's architecture search).
 *
 * <p>Golden example: A(1,5), B(2,3), C(3,1), D(2,4), E(4,2), F(5,5), G(3,3); fronts {A, B, C}, {D, E, G}, {F};
 * crowding A = C = ∞, B = 2, D = E = ∞, G = 2, F = ∞. ZDT1 (n = 30): population 100, DEAP's operators, 250
 * generations; hypervolume at (1.1, 1.1) against the analytic front's 1.21 − 1/3. The control
 * is random search with the same number of evaluations (the non-dominated set of all uniform samples).
 */
public final class NsgaFront implements Experiment {

    @Override
    public String id() {
        return "nsga-front";
    }

    @Override
    public String paper() {
        return "A Fast and Elitist Multiobjective Genetic Algorithm: NSGA-II";
    }

    @Override
    public String reference() {
        return "K. Deb, A. Pratap, S. Agarwal, T. Meyarivan, IEEE TEC 6(2), 2002";
    }

    @Override
    public String link() {
        return "https://doi.org/10.1109/4235.996017";
    }

    @Override
    public String claim() {
        return "NSGA-II's sorting and crowding give a well-spread approximation of the Pareto front.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("ZDT1-6 and other problems, population 100, 250 generations",
                "ZDT1 with 30 variables, population 100, 250 generations",
                "the paper's own ZDT1 setting; its front is known in closed form");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("golden", "Fronts and crowding distances of the golden example match the digest")
                        .test(s -> Criterion.equalTo(s + ".mismatches", 0))
                        .subject("nsga2")
                        .control("by_first_objective", "ranking by the first objective alone is not non-dominated"
                                + " sorting")
                        .build(),
                Claim.that("zdt1", "The final front's hypervolume is within 3% of the analytic front's")
                        .test(s -> Criterion.atLeast(s + ".hv_fraction", 0.97))
                        .subject("nsga2")
                        .control("random_search", "uniform random search with the same evaluations")
                        .build());
    }

    @Override
    public void trial(Trial t) {
        Tensor golden = Tensor.of(new double[] {1, 5, 2, 3, 3, 1, 2, 4, 4, 2, 5, 5, 3, 3}, 7, 2);
        int[] expectedFront = {0, 0, 0, 1, 1, 2, 1};
        double inf = Double.POSITIVE_INFINITY;
        double[] expectedCrowding = {inf, 2, inf, inf, inf, inf, 2};
        List<int[]> fronts = NonDominatedSort.fronts(golden);
        double[] crowd = new double[7];
        int[] front = new int[7];
        for (int r = 0; r < fronts.size(); r++) {
            CrowdingDistance.assign(golden.data(), 2, fronts.get(r), crowd);
            for (int i : fronts.get(r)) {
                front[i] = r;
            }
        }
        int bad = 0;
        int badFirst = 0;
        double[] byFirst = {1, 2, 3, 2, 4, 5, 3};
        for (int i = 0; i < 7; i++) {
            bad += front[i] == expectedFront[i] && crowd[i] == expectedCrowding[i] ? 0 : 1;
            // the control: "front" = rank of the first objective among distinct values (1, 2, 3, 4, 5 → 0..4)
            badFirst += (int) byFirst[i] - 1 == expectedFront[i] ? 0 : 1;
        }
        t.metric("nsga2.mismatches", bad);
        t.metric("by_first_objective.mismatches", badFirst);

        MultiObjectiveProblem zdt1 = (MultiObjectiveProblem) Problems.parse("zdt1(n=30)");
        double ideal = 1.21 - 1.0 / 3;
        int generations = 250;
        long budget = 100L * generations;
        Nsga2 nsga = Nsga2.defaults();
        Search<Nsga2.State> search = new Search<>(nsga, zdt1, Evaluator.sequential());
        Nsga2.State s = search.start(t.random("nsga2").nextLong());
        double[] hv = new double[generations];
        for (int g = 0; g < generations; g++) {
            search.step(s, budget);
            hv[g] = Hypervolume.of(nsga.front(s), zdt1.referencePoint()) / ideal;
        }
        t.curve("nsga2 hv", hv);
        t.metric("nsga2.hv_fraction", hv[generations - 1]);

        RandomStream rng = t.random("random search");
        double[] all = new double[(int) budget * 2];
        double[] x = new double[30];
        double[] f = new double[2];
        for (int i = 0; i < budget; i++) {
            for (int j = 0; j < 30; j++) {
                x[j] = rng.uniform();
            }
            zdt1.evaluate(x, f);
            all[2 * i] = f[0];
            all[2 * i + 1] = f[1];
        }
        t.metric("random_search.hv_fraction",
                Hypervolume.of(Tensor.of(all, (int) budget, 2), zdt1.referencePoint()) / ideal);
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("ZDT1 (n = 30), NSGA-II population 100 with SBX (η 20, probability 0.9) and polynomial mutation"
                + " (η 20, probability 1/30); hypervolume at (1.1, 1.1) as a fraction of the analytic front's 0.876667.");
        report.keyMetric("nsga2_hv_fraction", seeds.median("nsga2.hv_fraction"));
        report.keyMetric("random_search_hv_fraction", seeds.median("random_search.hv_fraction"));
        report.plot("hypervolume", XYPlot.titled("ZDT1 hypervolume / analytic (median over seeds)")
                .xLabel("generation").yLabel("fraction of the front's hypervolume")
                .line("nsga2", seeds.medianCurve("nsga2 hv")));
    }
}
