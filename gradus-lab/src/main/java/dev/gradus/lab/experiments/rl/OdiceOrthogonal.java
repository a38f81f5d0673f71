package dev.gradus.lab.experiments.rl;

import dev.gradus.lab.Claim;
import dev.gradus.lab.Criterion;
import dev.gradus.lab.Experiment;
import dev.gradus.lab.ExperimentContext;
import dev.gradus.lab.Preset;
import dev.gradus.lab.ScaleDown;
import dev.gradus.lab.SeedResults;
import dev.gradus.lab.Seeding;
import dev.gradus.lab.Trial;
import dev.gradus.rl.dice.Odice;
import dev.gradus.rl.env.ActionSpace;
import dev.gradus.rl.env.OfflineDataset;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * ODICE's orthogonal-gradient update against the semi-gradient and the true gradient of V-DICE, offline, with a value
 * network whose features are shared across states (Mao et al., "ODICE: Revealing the Mystery of Distribution
 * Correction Estimation via Orthogonal-gradient Update", ICLR 2024).
 *
 * <p>The digest's small design: a 10×10 grid navigated by four moves (right, up, left, down; a move into the border
 * stays), observations the coordinates scaled to [−1, 1], reward −3 per move and 0 on entering the goal (9, 9), which
 * ends the episode (the official code's AntMaze remap of 0/1 rewards to −3/0), γ = 0.95. The data are narrow: episodes of a uniformly random behaviour that start anywhere in an L-shaped
 * corridor of width 2 (the bottom two rows and the right two columns, 36 of the 100 cells) and are cut (a timeout,
 * not a terminal) when they leave it, so the next states just outside the corridor are the only out-of-distribution
 * states the data touch. gradus-rl's {@link Odice} trains a 2×32 tanh value network and extracts a softmax policy with
 * one hidden layer of 32 by weighted behaviour cloning, for each rule with the same data, seeds, λ = 0.6, η = 1 and Adam.
 * The greedy policy then starts from every corridor cell at least 6 moves from the goal (in-distribution) and from every
 * interior cell (out of distribution); an episode succeeds when it reaches the goal within 30 moves.
 */
public final class OdiceOrthogonal implements Experiment {
    private static final int SIZE = 10;
    private static final int GOAL = SIZE - 1;
    private static final double GAMMA = 0.95;
    /** The reward of a move that does not reach the goal (AntMaze's remap in the official code: 0 → −3, 1 → 0). */
    private static final double STEP_REWARD = -3;
    private static final int LIMIT = 30;
    private static final int[] DX = {1, 0, -1, 0};
    private static final int[] DY = {0, 1, 0, -1};

    @Override
    public String id() {
        return "odice";
    }

    @Override
    public String paper() {
        return "ODICE: Revealing the Mystery of Distribution Correction Estimation via Orthogonal-gradient Update";
    }

    @Override
    public String reference() {
        return "L. Mao, H. Xu, W. Zhang, X. Zhan, ICLR 2024";
    }

    @Override
    public String link() {
        return "https://arxiv.org/abs/2402.00348";
    }

    @Override
    public String claim() {
        return "Projecting V-DICE's backward gradient onto the normal plane of its forward gradient (orthogonal-gradient"
                + " update) learns a value whose extracted policy is at least as good as the semi-gradient's and far"
                + " better than the true gradient's, with the largest margin from out-of-distribution states.";
    }

    @Override
    public Seeding seeding() {
        return Seeding.seeds(3, 20).because("three value trainings of about a second each per seed fit the quick"
                + " budget; the full preset runs 20");
    }

    @Override
    public ScaleDown scaleDown() {
        return new ScaleDown("D4RL MuJoCo and AntMaze, 1M steps, 2×256 twin value networks with layer norm, Gaussian"
                + " 2×1024 policies, and a grid-world toy with OOD start states",
                "a 10×10 coordinate grid with narrow corridor data, a 2×32 value network, 1200 steps of batch 128 (Adam"
                        + " lr 3e-3, target EMA rate 0.05 instead of 0.005 to propagate values within the budget)",
                "the claim rests on shared features (the MLP) and on OOD states, both present here; the full preset"
                        + " runs 20 seeds of the same design");
    }

    @Override
    public List<Claim> claims(Preset preset) {
        return List.of(
                Claim.that("in-distribution", "From corridor starts the orthogonal-gradient policy succeeds in at least"
                                + " 80% of episodes")
                        .test(s -> Criterion.atLeast(s + ".id_success", 0.8))
                        .subject("orthogonal")
                        .control("true", "the true gradient of V-DICE (both residual terms through V) learns a value"
                                + " whose weights do not pick the way to the goal")
                        .build(),
                Claim.that("semi-vs-true", "The semi-gradient policy also succeeds in at least 80% of corridor starts,"
                                + " where the true gradient's does not (semi ≫ true)")
                        .test(s -> Criterion.atLeast(s + ".id_success", 0.8))
                        .subject("semi")
                        .control("true", "as above")
                        .build(),
                Claim.that("out-of-distribution", "From interior (out-of-distribution) starts the orthogonal-gradient"
                                + " policy succeeds in at least 80% of episodes, where the semi-gradient's does not")
                        .test(s -> Criterion.atLeast(s + ".ood_success", 0.8))
                        .subject("orthogonal")
                        .control("semi", "the semi-gradient has no state-level term on next states outside the data")
                        .build());
    }

    private static boolean inCorridor(int x, int y) {
        return y <= 1 || x >= SIZE - 2;
    }

    private static double coordinate(int c) {
        return 2.0 * c / (SIZE - 1) - 1;
    }

    /** The behaviour data: corridor episodes of uniform random moves, cut when they leave the corridor. */
    static OfflineDataset data(RandomStream rng, int episodes) {
        List<double[]> rows = new ArrayList<>();
        List<int[]> cells = new ArrayList<>();
        for (int x = 0; x < SIZE; x++) {
            for (int y = 0; y < SIZE; y++) {
                if (inCorridor(x, y) && !(x == GOAL && y == GOAL)) {
                    cells.add(new int[] {x, y});
                }
            }
        }
        for (int e = 0; e < episodes; e++) {
            int[] c = cells.get(rng.nextInt(cells.size()));
            int x = c[0];
            int y = c[1];
            for (int t = 0; t < LIMIT; t++) {
                int a = rng.nextInt(4);
                int nx = Math.clamp(x + DX[a], 0, SIZE - 1);
                int ny = Math.clamp(y + DY[a], 0, SIZE - 1);
                boolean goal = nx == GOAL && ny == GOAL;
                boolean left = !inCorridor(nx, ny);
                rows.add(new double[] {coordinate(x), coordinate(y), a, goal ? 0 : STEP_REWARD, coordinate(nx), coordinate(ny),
                        goal ? 1 : 0, !goal && (left || t == LIMIT - 1) ? 1 : 0, t == 0 ? 1 : 0});
                if (goal || left) {
                    break;
                }
                x = nx;
                y = ny;
            }
        }
        int n = rows.size();
        double[] obs = new double[2 * n];
        double[] act = new double[n];
        double[] rew = new double[n];
        double[] next = new double[2 * n];
        double[] term = new double[n];
        double[] time = new double[n];
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            double[] r = rows.get(i);
            obs[2 * i] = r[0];
            obs[2 * i + 1] = r[1];
            act[i] = r[2];
            rew[i] = r[3];
            next[2 * i] = r[4];
            next[2 * i + 1] = r[5];
            term[i] = r[6];
            time[i] = r[7];
            start[i] = r[8];
        }
        return new OfflineDataset("grid10", Tensor.of(obs, n, 2), Tensor.of(act, n, 1), Tensor.vector(rew),
                Tensor.of(next, n, 2), Tensor.vector(term), Tensor.vector(time), Tensor.vector(start));
    }

    /** True when the greedy policy reaches the goal from (x, y) within {@link #LIMIT} moves. */
    private static boolean succeeds(Policy policy, int x, int y, RandomStream unused) {
        double[] obs = new double[2];
        double[] a = new double[1];
        for (int t = 0; t < LIMIT; t++) {
            obs[0] = coordinate(x);
            obs[1] = coordinate(y);
            policy.act(null, obs, 1, unused, true, a);
            x = Math.clamp(x + DX[(int) a[0]], 0, SIZE - 1);
            y = Math.clamp(y + DY[(int) a[0]], 0, SIZE - 1);
            if (x == GOAL && y == GOAL) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void trial(Trial t) {
        OfflineDataset data = data(t.random("data"), 150);
        t.metric("transitions", data.size());
        int steps = 1200;
        long seed = t.random("networks").nextLong();
        Odice.Config config = new Odice.Config(0.6, 1.0, GAMMA, 0.05, 3e-3, 3e-3, 128, new int[] {32, 32});
        int done = 0;
        for (Odice.Rule rule : Odice.Rule.values()) {
            String who = switch (rule) {
                case TRUE_GRADIENT -> "true";
                case SEMI_GRADIENT -> "semi";
                case ORTHOGONAL -> "orthogonal";
            };
            Odice o = new Odice(data, rule, config, PolicyFactory.parse("softmax(hidden=(32,))"),
                    ActionSpace.discrete(4), seed);
            for (int k = 0; k < steps; k += 100) {
                o.train(100);
                t.progress(who + " step " + (k + 100), (done * steps + k + 100) / (3.0 * steps));
            }
            done++;
            RandomStream unused = t.random("evaluation");
            int idOk = 0;
            int idN = 0;
            int oodOk = 0;
            int oodN = 0;
            for (int x = 0; x < SIZE; x++) {
                for (int y = 0; y < SIZE; y++) {
                    boolean ok = succeeds(o.policy(), x, y, unused);
                    if (inCorridor(x, y)) {
                        if (2 * GOAL - x - y >= 6) {
                            idN++;
                            idOk += ok ? 1 : 0;
                        }
                    } else {
                        oodN++;
                        oodOk += ok ? 1 : 0;
                    }
                }
            }
            t.metric(who + ".id_success", (double) idOk / idN);
            t.metric(who + ".ood_success", (double) oodOk / oodN);
            t.metric(who + ".negative_cosines", o.negativeCosineFraction());
            double[] v = o.values(Tensor.of(new double[] {coordinate(0), coordinate(0), coordinate(4),
                    coordinate(5)}, 2, 2));
            t.metric(who + ".v_start", v[0]);
            t.metric(who + ".v_interior", v[1]);
        }
    }

    @Override
    public void summarize(ExperimentContext report, SeedResults seeds) {
        report.setup(String.format(Locale.ROOT, "10×10 grid, goal (9, 9), reward −3 per move and 0 at the goal, γ = 0.95; 150 corridor"
                + " episodes of uniform random moves (median %.0f transitions); V-DICE with λ = 0.6, η = 1, 1200 steps;"
                + " weighted behaviour cloning with the code's weight max(δ_f, 0), clamped at 100.",
                seeds.median("transitions")));
        StringBuilder sb = new StringBuilder("Medians over seeds:");
        for (String who : List.of("orthogonal", "semi", "true")) {
            report.keyMetric(who + "_id_success", seeds.median(who + ".id_success"));
            report.keyMetric(who + "_ood_success", seeds.median(who + ".ood_success"));
            sb.append(String.format(Locale.ROOT, " %s: success %.2f from corridor starts, %.2f from interior starts,"
                            + " V(start) %.3f, V(interior (4, 5)) %.3f, cos(g_f, g_b) < 0 in %.0f%% of steps;", who,
                    seeds.median(who + ".id_success"), seeds.median(who + ".ood_success"), seeds.median(who + ".v_start"),
                    seeds.median(who + ".v_interior"), 100 * seeds.median(who + ".negative_cosines")));
        }
        report.note(sb.toString());
    }
}
