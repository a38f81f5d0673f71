package dev.gradus.rl.env;

import dev.gradus.tensor.Linalg;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * A finite Markov decision process given by its tables, with the exact quantities the tabular experiments compare
 * against: value iteration (V*, Q*, a greedy optimal policy), exact policy evaluation by a linear solve, Q^π, A^π and
 * the discounted state-visitation distribution.
 * <pre>
 *   P[s][a][s'] = Pr(s' | s, a),   R[s][a] = E[r | s, a],   μ = the start distribution,   γ &lt; 1
 *   V^π = (I − γ P_π)⁻¹ r_π,   Q^π(s, a) = R(s, a) + γ Σ_s' P(s'|s, a) V^π(s'),   A^π = Q^π − V^π
 *   J(π) = μᵀ V^π,   d^π_μ = (1 − γ) μᵀ (I − γ P_π)⁻¹
 * </pre>
 * States whose row {@code terminal[s]} is true absorb with zero reward (their P row is a self-loop), so episodic
 * tasks (a goal) are expressed in the same tables. A policy is a table {@code pi[s][a]} of probabilities.
 *
 * <p>Generators: {@link #chain}, {@link #gridworld}, {@link #random}.
 */
public final class TabularMdp {
    private final double[][][] p;
    private final double[][] r;
    private final double[] start;
    private final double gamma;
    private final boolean[] terminal;

    /**
     * An MDP from its tables (copied and checked: probabilities non-negative, each row summing to 1 within 1e-9).
     *
     * @param terminal states that end an episode (null: none)
     */
    public TabularMdp(double[][][] p, double[][] r, double[] start, double gamma, boolean[] terminal) {
        int ns = p.length;
        if (ns == 0 || r.length != ns || start.length != ns) {
            throw new IllegalArgumentException("tabular MDP: P has " + ns + " states, R " + r.length + ", start "
                    + start.length);
        }
        if (!(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("tabular MDP: gamma must be in [0, 1), got " + gamma);
        }
        int na = p[0].length;
        this.p = new double[ns][na][];
        this.r = new double[ns][];
        for (int s = 0; s < ns; s++) {
            if (p[s].length != na || r[s].length != na) {
                throw new IllegalArgumentException("tabular MDP: state " + s + " has " + p[s].length + " actions in P and "
                        + r[s].length + " in R, expected " + na);
            }
            for (int a = 0; a < na; a++) {
                if (p[s][a].length != ns) {
                    throw new IllegalArgumentException("tabular MDP: P[" + s + "][" + a + "] has " + p[s][a].length
                            + " entries, expected " + ns);
                }
                checkDistribution("P[" + s + "][" + a + "]", p[s][a]);
                this.p[s][a] = p[s][a].clone();
            }
            this.r[s] = r[s].clone();
        }
        checkDistribution("start", start);
        this.start = start.clone();
        this.gamma = gamma;
        this.terminal = terminal == null ? new boolean[ns] : terminal.clone();
        for (int s = 0; s < ns; s++) {
            if (this.terminal[s]) {
                for (int a = 0; a < na; a++) {
                    java.util.Arrays.fill(this.p[s][a], 0.0);
                    this.p[s][a][s] = 1.0;
                    this.r[s][a] = 0.0;
                }
            }
        }
    }

    private static void checkDistribution(String what, double[] d) {
        double sum = 0;
        for (double v : d) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("tabular MDP: " + what + " has a negative or NaN entry " + v);
            }
            sum += v;
        }
        if (Math.abs(sum - 1) > 1e-9) {
            throw new IllegalArgumentException("tabular MDP: " + what + " sums to " + sum + ", not 1");
        }
    }

    /** The number of states. */
    public int states() {
        return p.length;
    }

    /** The number of actions. */
    public int actions() {
        return p[0].length;
    }

    /** The discount. */
    public double gamma() {
        return gamma;
    }

    /** Pr(s' | s, a). */
    public double transition(int s, int a, int next) {
        return p[s][a][next];
    }

    /** E[r | s, a]. */
    public double reward(int s, int a) {
        return r[s][a];
    }

    /** The start distribution (a copy). */
    public double[] start() {
        return start.clone();
    }

    /** True for an absorbing terminal state. */
    public boolean terminal(int s) {
        return terminal[s];
    }

    /** The uniform policy. */
    public double[][] uniformPolicy() {
        double[][] pi = new double[states()][actions()];
        for (double[] row : pi) {
            java.util.Arrays.fill(row, 1.0 / actions());
        }
        return pi;
    }

    /** V^π by the linear solve (I − γ P_π) V = r_π. */
    public double[] evaluate(double[][] pi) {
        int ns = states();
        checkPolicy(pi);
        double[] m = new double[ns * ns];
        double[] rhs = new double[ns];
        for (int s = 0; s < ns; s++) {
            m[s * ns + s] += 1;
            for (int a = 0; a < actions(); a++) {
                double w = pi[s][a];
                rhs[s] += w * r[s][a];
                for (int t = 0; t < ns; t++) {
                    m[s * ns + t] -= gamma * w * p[s][a][t];
                }
            }
        }
        return Linalg.solve(Tensor.of(m, ns, ns), Tensor.of(rhs, ns, 1)).data().clone();
    }

    /** Q(s, a) = R(s, a) + γ Σ P(s'|s, a) V(s') for any value table {@code v}. */
    public double[][] qValues(double[] v) {
        double[][] q = new double[states()][actions()];
        for (int s = 0; s < states(); s++) {
            for (int a = 0; a < actions(); a++) {
                double e = 0;
                for (int t = 0; t < states(); t++) {
                    e += p[s][a][t] * v[t];
                }
                q[s][a] = r[s][a] + gamma * e;
            }
        }
        return q;
    }

    /** A^π(s, a) = Q^π(s, a) − V^π(s). */
    public double[][] advantages(double[][] pi) {
        double[] v = evaluate(pi);
        double[][] q = qValues(v);
        for (int s = 0; s < states(); s++) {
            for (int a = 0; a < actions(); a++) {
                q[s][a] -= v[s];
            }
        }
        return q;
    }

    /** J(π) = μᵀ V^π. */
    public double expectedReturn(double[][] pi) {
        double[] v = evaluate(pi);
        double j = 0;
        for (int s = 0; s < states(); s++) {
            j += start[s] * v[s];
        }
        return j;
    }

    /** The normalised discounted state visitation d^π_μ = (1 − γ) μᵀ (I − γ P_π)⁻¹. */
    public double[] visitation(double[][] pi) {
        int ns = states();
        checkPolicy(pi);
        // Solve (I − γ P_π)ᵀ d = (1 − γ) μ.
        double[] m = new double[ns * ns];
        double[] rhs = new double[ns];
        for (int s = 0; s < ns; s++) {
            m[s * ns + s] += 1;
            rhs[s] = (1 - gamma) * start[s];
            for (int a = 0; a < actions(); a++) {
                for (int t = 0; t < ns; t++) {
                    m[t * ns + s] -= gamma * pi[s][a] * p[s][a][t];
                }
            }
        }
        return Linalg.solve(Tensor.of(m, ns, ns), Tensor.of(rhs, ns, 1)).data().clone();
    }

    /**
     * Value iteration to sup-norm change below {@code tol}: V*, Q* and a deterministic greedy policy (ties to the
     * lowest action).
     */
    public Solution valueIteration(double tol) {
        double[] v = new double[states()];
        for (int it = 0; it < 1_000_000; it++) {
            double[][] q = qValues(v);
            double change = 0;
            double[] nv = new double[states()];
            for (int s = 0; s < states(); s++) {
                double best = Double.NEGATIVE_INFINITY;
                for (int a = 0; a < actions(); a++) {
                    best = Math.max(best, q[s][a]);
                }
                nv[s] = best;
                change = Math.max(change, Math.abs(best - v[s]));
            }
            v = nv;
            if (change < tol) {
                break;
            }
        }
        double[][] q = qValues(v);
        double[][] pi = new double[states()][actions()];
        for (int s = 0; s < states(); s++) {
            int arg = 0;
            for (int a = 1; a < actions(); a++) {
                if (q[s][a] > q[s][arg]) {
                    arg = a;
                }
            }
            pi[s][arg] = 1.0;
        }
        return new Solution(v, q, pi);
    }

    /**
     * The optimal values and a greedy optimal policy.
     *
     * @param values V*
     * @param qValues Q*
     * @param policy a deterministic optimal policy as a table
     */
    public record Solution(double[] values, double[][] qValues, double[][] policy) {}

    private void checkPolicy(double[][] pi) {
        if (pi.length != states()) {
            throw new IllegalArgumentException("policy has " + pi.length + " rows for " + states() + " states");
        }
        for (int s = 0; s < states(); s++) {
            if (pi[s].length != actions()) {
                throw new IllegalArgumentException("policy row " + s + " has " + pi[s].length + " entries for "
                        + actions() + " actions");
            }
        }
    }

    // ================================================================ generators

    /**
     * A chain of {@code n} states: action 0 moves left, 1 moves right, each succeeding with probability {@code slip}'s
     * complement (otherwise the agent stays). Reward {@code small} for staying in state 0 by moving left, {@code big}
     * for moving right in the last state; start in state 0. The classic trap: the small reward is near, the big one
     * far.
     */
    public static TabularMdp chain(int n, double slip, double small, double big, double gamma) {
        if (n < 2) {
            throw new IllegalArgumentException("chain: needs at least 2 states, got " + n);
        }
        double[][][] p = new double[n][2][n];
        double[][] r = new double[n][2];
        for (int s = 0; s < n; s++) {
            int left = Math.max(0, s - 1);
            int right = Math.min(n - 1, s + 1);
            p[s][0][left] += 1 - slip;
            p[s][0][s] += slip;
            p[s][1][right] += 1 - slip;
            p[s][1][s] += slip;
        }
        r[0][0] = small;
        r[n - 1][1] = big;
        double[] start = new double[n];
        start[0] = 1;
        return new TabularMdp(p, r, start, gamma, null);
    }

    /**
     * A {@code rows}×{@code cols} gridworld: actions up, right, down, left; each moves as intended with probability
     * 1 − {@code slip} and to a uniformly random neighbour direction otherwise; walls of the border keep the agent in
     * place. Reaching the goal (bottom-right) pays 1 and ends the episode (absorbing); every other step pays
     * {@code stepReward}. Start in the top-left corner. State index = row·cols + col.
     */
    public static TabularMdp gridworld(int rows, int cols, double slip, double stepReward, double gamma) {
        int n = rows * cols;
        if (n < 2) {
            throw new IllegalArgumentException("gridworld: needs at least 2 cells, got " + rows + "x" + cols);
        }
        int goal = n - 1;
        int[] dr = {-1, 0, 1, 0};
        int[] dc = {0, 1, 0, -1};
        double[][][] p = new double[n][4][n];
        double[][] r = new double[n][4];
        boolean[] terminal = new boolean[n];
        terminal[goal] = true;
        for (int s = 0; s < n; s++) {
            int row = s / cols;
            int col = s % cols;
            for (int a = 0; a < 4; a++) {
                for (int d = 0; d < 4; d++) {
                    double w = (d == a ? 1 - slip : 0) + slip / 4;
                    int nr = Math.min(rows - 1, Math.max(0, row + dr[d]));
                    int nc = Math.min(cols - 1, Math.max(0, col + dc[d]));
                    int t = nr * cols + nc;
                    p[s][a][t] += w;
                    r[s][a] += w * (t == goal ? 1.0 : stepReward);
                }
            }
        }
        double[] start = new double[n];
        start[0] = 1;
        return new TabularMdp(p, r, start, gamma, terminal);
    }

    /**
     * A random MDP (the digest's |S| = 20, |A| = 4 test bed): each P(·|s, a) is Dirichlet(1) over a random subset of
     * {@code branching} next states, rewards uniform in [0, 1), start uniform.
     */
    public static TabularMdp random(int states, int actions, int branching, double gamma, RandomStream rng) {
        if (branching < 1 || branching > states) {
            throw new IllegalArgumentException("random MDP: branching must be in 1.." + states + ", got " + branching);
        }
        double[][][] p = new double[states][actions][states];
        double[][] r = new double[states][actions];
        for (int s = 0; s < states; s++) {
            for (int a = 0; a < actions; a++) {
                int[] next = rng.choice(states, branching, false);
                double sum = 0;
                double[] w = new double[branching];
                for (int k = 0; k < branching; k++) {
                    w[k] = -StrictMath.log(1.0 - rng.uniform()); // Exp(1): normalised, a Dirichlet(1) draw
                    sum += w[k];
                }
                for (int k = 0; k < branching; k++) {
                    p[s][a][next[k]] += w[k] / sum;
                }
                r[s][a] = rng.uniform();
            }
        }
        double[] start = new double[states];
        java.util.Arrays.fill(start, 1.0 / states);
        return new TabularMdp(p, r, start, gamma, null);
    }
}
