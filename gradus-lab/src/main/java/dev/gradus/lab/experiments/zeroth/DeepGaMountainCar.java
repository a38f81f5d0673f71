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
import dev.gradus.rl.env.MountainCar;
import dev.gradus.rl.env.Step;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.zeroth.AskTell;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.Methods;
import dev.gradus.zeroth.SearchState;
import dev.gradus.zeroth.ga.DeepGa;
import java.util.List;

/**
 * The Deep GA solves MountainCar, a sparse-reward task on which OpenAI-ES gets no signal (Such, Madhavan, Conti,
 * Lehman, Stanley, Clune, "Deep Neuroevolution: Genetic Algorithms Are a Competitive Alternative for Training Deep
 * Neural Networks for Reinforcement Learning", 2017).
 *
 * <p>The digest's numpy check at small scale: MountainCar-v0 (gradus-rl, Gym's dynamics, 200-step limit), a 2-8-3
 * tanh policy (51 parameters; inputs scaled to about [−1, 1]) acting greedily, population 50, 10 parents, σ = 0.3,
 * 40 generations, fitness the mean return of 3 episodes whose start seeds are drawn per generation (the same for the
 * whole population). The GA's elite of the last generation is tested on 20 fresh episodes. Control: OpenAI-ES with
 * the same evaluations (25 antithetic pairs, σ = 0.3, plain gradient ascent with lr 0.1 from the zero policy).
 * Random search with the same number of policies is reported alongside (a strong baseline at this scale). Elite
 * re-evaluation on extra episodes, which the paper and the numpy check use, is not done here.
 */
public final class DeepGaMountainCar implements Experiment {
    private static final int HIDDEN = 8;
    private static final int PARAMS = 2 * HIDDEN + HIDDEN + HIDDEN * 3 + 3;
    private static final int POPULATION = 50;
    private static final int GENERATIONS = 40;
    private static final int EPISODES = 3;

    @Override
    public String id() {
        return "deep-ga";
    }

    @Override
    public String paper() {
        return "Deep Neuroevolution: Genetic Algorithms Are a Competitive Alternative for Training Deep Neural Networks"
                + " for Reinforcement Learning";
    }

    @Override
    public String reference() {
        return "F. P. Such, V. Madhavan, E. Conti, J. Lehman, K. O. Stanley, J. Clune, 2017";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/1712.06567";
    }

    @Override
    public String claim() {
        return "A simple genetic algorithm with seed-chain genomes solves deceptive, sparse-reward tasks on which"
                + " evolution strategies get no gradient signal.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(5, 20);
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("Atari and humanoid locomotion, networks of about 4M parameters, populations of ~1000",
                "MountainCar-v0 with a 51-parameter policy, population 50, 40 generations",
                "MountainCar keeps the property the claim is about: every unsolved episode scores −200, so"
                        + " perturbations carry no signal for ES");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(Claim.that("solves", "The final policy averages at least −130 on 20 fresh episodes")
                .test(s -> Criterion.atLeast(s + ".test_return", -130))
                .subject("ga")
                .control("es", "OpenAI-ES with the same evaluations sees −200 everywhere and does not move")
                .build());
    }

    /** The greedy action of the 2-8-3 tanh policy {@code w} at observation {@code o}. */
    private static int act(double[] w, int off, double[] o) {
        double p = (o[0] + 0.3) / 0.9;
        double v = o[1] / MountainCar.MAX_SPEED;
        double[] h = new double[HIDDEN];
        for (int j = 0; j < HIDDEN; j++) {
            h[j] = Math.tanh(w[off + 2 * j] * p + w[off + 2 * j + 1] * v + w[off + 2 * HIDDEN + j]);
        }
        int base = off + 3 * HIDDEN;
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < 3; a++) {
            double z = w[base + HIDDEN * 3 + a];
            for (int j = 0; j < HIDDEN; j++) {
                z += w[base + a * HIDDEN + j] * h[j];
            }
            if (z > bestScore) {
                bestScore = z;
                best = a;
            }
        }
        return best;
    }

    private static double episode(MountainCar env, double[] w, int off, long seed) {
        double[] o = env.reset(seed);
        double total = 0;
        while (true) {
            Step s = env.step(act(w, off, o));
            total += s.reward();
            if (s.done()) {
                return total;
            }
            o = s.observation();
        }
    }

    /** Minus the mean return of every row of {@code x} over the episode seeds {@code seeds} (the values to tell). */
    private static Tensor evaluate(Tensor x, long[] seeds) {
        MountainCar env = new MountainCar();
        int n = x.dim(0);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (long seed : seeds) {
                s += episode(env, x.data(), i * PARAMS, seed);
            }
            out[i] = -s / seeds.length;
        }
        return Tensor.of(out, n, 1);
    }

    private static double testReturn(double[] w, RandomStream episodes) {
        MountainCar env = new MountainCar();
        double s = 0;
        for (int e = 0; e < 20; e++) {
            s += episode(env, w, 0, episodes.nextLong());
        }
        return s / 20;
    }

    /** Runs {@code method} for the GA's budget; returns the final policy (row 0 of the last batch for the GA). */
    private static double[] search(AskTell<SearchState> method, SearchState s, RandomStream episodeSeeds,
            double[] bestCurve, boolean centre) {
        for (int g = 0; g < GENERATIONS; g++) {
            long[] seeds = new long[EPISODES];
            for (int e = 0; e < EPISODES; e++) {
                seeds[e] = episodeSeeds.nextLong();
            }
            Tensor x = method.ask(s);
            Tensor f = evaluate(x, seeds);
            method.tell(s, f);
            bestCurve[g] = -s.progress().bestValue().get();
        }
        if (centre) {
            return ((dev.gradus.zeroth.es.OpenAiEs.State) s).theta().get("theta").data().clone();
        }
        double[] elite = new double[PARAMS];
        System.arraycopy(method.ask(s).data(), 0, elite, 0, PARAMS);
        return elite;
    }

    @Override
    public void trial(Trial t) {
        Box box = Box.cube(PARAMS, -1, 1);
        AskTell<SearchState> ga = Methods.parse("deep_ga(population=" + POPULATION + ", truncation=10, sigma=0.3)");
        SearchState gs = ga.init(box, t.random("ga").nextLong());
        double[] gaCurve = new double[GENERATIONS];
        double[] elite = search(ga, gs, t.random("ga episodes"), gaCurve, false);
        t.metric("ga.test_return", testReturn(elite, t.random("ga test")));
        t.metric("ga.genome_bytes", DeepGa.genomeBytes((DeepGa.State) gs));
        t.metric("ga.parameter_bytes", 8.0 * PARAMS);
        t.curve("ga best", gaCurve);

        AskTell<SearchState> es = Methods.parse("openai_es(pairs=" + POPULATION / 2
                + ", sigma=0.3, lr=0.1, optimizer=\"sgd\")");
        SearchState ss = es.init(Box.cube(PARAMS, -1e-9, 1e-9), t.random("es").nextLong());
        double[] esCurve = new double[GENERATIONS];
        double[] theta = search(es, ss, t.random("es episodes"), esCurve, true);
        t.metric("es.test_return", testReturn(theta, t.random("es test")));
        t.curve("es best", esCurve);

        RandomStream rs = t.random("random search");
        RandomStream rsEpisodes = t.random("random search episodes");
        MountainCar env = new MountainCar();
        double[] w = new double[PARAMS];
        double[] bestW = new double[PARAMS];
        double best = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < POPULATION * GENERATIONS; i++) {
            rs.fillUniform(w, -1, 1);
            long[] seeds = {rsEpisodes.nextLong(), rsEpisodes.nextLong(), rsEpisodes.nextLong()};
            double r = 0;
            for (long seed : seeds) {
                r += episode(env, w, 0, seed);
            }
            if (r / EPISODES > best) {
                best = r / EPISODES;
                System.arraycopy(w, 0, bestW, 0, PARAMS);
            }
        }
        t.metric("random_search.test_return", testReturn(bestW, t.random("random search test")));
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup("MountainCar-v0, 2-8-3 tanh policy (51 parameters), greedy actions; GA population 50, 10 parents,"
                + " σ = 0.3, 40 generations, fitness over 3 episodes; OpenAI-ES 25 pairs, σ = 0.3, SGD lr 0.1; random"
                + " search over 2000 policies; every final policy tested on 20 fresh episodes.");
        report.keyMetric("ga_test_return", seeds.median("ga.test_return"));
        report.keyMetric("es_test_return", seeds.median("es.test_return"));
        report.keyMetric("random_search_test_return", seeds.median("random_search.test_return"));
        report.keyMetric("ga_genome_bytes", seeds.median("ga.genome_bytes"));
        report.note(String.format(java.util.Locale.ROOT, "The longest genome is %.0f bytes (8 per seed, at most one seed"
                + " per generation plus the initial one) against %d bytes of float64 parameters: the compact encoding"
                + " pays only for much larger networks.", seeds.median("ga.genome_bytes"), 8 * PARAMS));
        report.plot("best", XYPlot.titled("best training fitness (median over seeds)").xLabel("generation")
                .yLabel("mean return").line("GA", seeds.medianCurve("ga best"))
                .line("OpenAI-ES", seeds.medianCurve("es best")));
    }
}
