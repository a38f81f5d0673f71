package dev.gradus.rl.method;

import dev.gradus.rl.env.TabularMdp;

/**
 * Policy mirror descent on a tabular MDP with exact quantities, the reference MDPO approximates (01-optimizers.md §9,
 * 06-rl.md §2). Policies are tables {@code pi[s][a]}; softmax policies are given by their logits {@code theta[s][a]}.
 * <pre>
 *   exact MD:     π_{k+1}(a|s) ∝ π_k(a|s) exp(t_k A^{π_k}(s, a))          (= argmax_π ⟨A^{π_k}, π⟩ − (1/t_k) KL(π‖π_k) per state)
 *   MDPO, m steps: θ ← θ + lr ∇_θ L_k(θ) m times from θ_k, on the exact surrogate
 *                 L_k(θ) = Σ_s d_k(s) [Σ_a π_θ(a|s) A^{π_k}(s, a) − (1/t_k) KL(π_θ(·|s) ‖ π_k(·|s))]
 *   softmax PG:   θ ← θ + lr Σ_s d_k(s) ∇_θ Σ_a π_θ(a|s) A^{π_k}(s, a)    (= MDPO with m = 1: the KL gradient is 0 at θ_k)
 * </pre>
 * with d_k the normalised discounted visitation of π_k from the start distribution. Per state the gradient is
 * ∂/∂θ_{s,b} = d_k(s) π_b [(A_b − Σ_a π_a A_a) − (1/t_k)(c_b − Σ_a π_a c_a)], c = log π_θ − log π_k. Exact MD is
 * implemented in log space (log π + t A, then log-sum-exp), so zero entries never appear.
 */
public final class TabularMirrorDescent {
    private TabularMirrorDescent() {}

    /** The softmax policy of logits {@code theta}, per state. */
    public static double[][] softmax(double[][] theta) {
        double[][] pi = new double[theta.length][];
        for (int s = 0; s < theta.length; s++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : theta[s]) {
                max = Math.max(max, v);
            }
            double sum = 0;
            pi[s] = new double[theta[s].length];
            for (int a = 0; a < theta[s].length; a++) {
                pi[s][a] = Math.exp(theta[s][a] - max);
                sum += pi[s][a];
            }
            for (int a = 0; a < theta[s].length; a++) {
                pi[s][a] /= sum;
            }
        }
        return pi;
    }

    /** Logits of {@code pi} (log π, so {@link #softmax} returns {@code pi}). */
    public static double[][] logits(double[][] pi) {
        double[][] theta = new double[pi.length][];
        for (int s = 0; s < pi.length; s++) {
            theta[s] = new double[pi[s].length];
            for (int a = 0; a < pi[s].length; a++) {
                theta[s][a] = Math.log(pi[s][a]);
            }
        }
        return theta;
    }

    /** One exact mirror-descent step with step size {@code t}. */
    public static double[][] exactStep(TabularMdp mdp, double[][] pi, double t) {
        double[][] adv = mdp.advantages(pi);
        double[][] theta = new double[pi.length][];
        for (int s = 0; s < pi.length; s++) {
            theta[s] = new double[pi[s].length];
            for (int a = 0; a < pi[s].length; a++) {
                theta[s][a] = Math.log(pi[s][a]) + t * adv[s][a];
            }
        }
        return softmax(theta);
    }

    /**
     * One MDPO step: {@code m} gradient-ascent steps of size {@code lr} on L_k from θ_k = {@code theta}; returns the new
     * logits. {@code m = 1} is one softmax policy-gradient step.
     */
    public static double[][] mdpoStep(TabularMdp mdp, double[][] theta, double t, int m, double lr) {
        double[][] piK = softmax(theta);
        double[][] adv = mdp.advantages(piK);
        double[] d = mdp.visitation(piK);
        double[][] th = new double[theta.length][];
        for (int s = 0; s < theta.length; s++) {
            th[s] = theta[s].clone();
        }
        int na = mdp.actions();
        for (int i = 0; i < m; i++) {
            double[][] pi = softmax(th);
            for (int s = 0; s < th.length; s++) {
                double meanA = 0;
                double meanC = 0;
                double[] c = new double[na];
                for (int a = 0; a < na; a++) {
                    c[a] = Math.log(pi[s][a]) - Math.log(piK[s][a]);
                    meanA += pi[s][a] * adv[s][a];
                    meanC += pi[s][a] * c[a];
                }
                for (int a = 0; a < na; a++) {
                    double g = d[s] * pi[s][a] * ((adv[s][a] - meanA) - (c[a] - meanC) / t);
                    th[s][a] += lr * g;
                }
            }
        }
        return th;
    }

    /** One softmax policy-gradient step of size {@code lr} on the exact surrogate (MDPO with m = 1). */
    public static double[][] softmaxPgStep(TabularMdp mdp, double[][] theta, double lr) {
        return mdpoStep(mdp, theta, 1.0, 1, lr);
    }

    /** The gap J* − J(π) from the start distribution, with J* from value iteration. */
    public static double gap(TabularMdp mdp, double[] vStar, double[][] pi) {
        double[] mu = mdp.start();
        double jStar = 0;
        for (int s = 0; s < mu.length; s++) {
            jStar += mu[s] * vStar[s];
        }
        return jStar - mdp.expectedReturn(pi);
    }

    /** How a tabular run is stepped. */
    public enum Method {
        /** Exact mirror descent. */
        EXACT,
        /** MDPO with m inner steps. */
        MDPO,
        /** Softmax policy gradient. */
        SOFTMAX_PG
    }

    /**
     * The gaps J* − J(π_k), k = 0..iterations, of a run from the uniform policy with step size t (constant) and, for
     * MDPO and PG, inner step size {@code lr} and {@code m} inner steps.
     */
    public static double[] gaps(TabularMdp mdp, Method method, int iterations, double t, int m, double lr) {
        double[] vStar = mdp.valueIteration(1e-12).values();
        double[][] pi = mdp.uniformPolicy();
        double[][] theta = logits(pi);
        double[] out = new double[iterations + 1];
        out[0] = gap(mdp, vStar, pi);
        for (int k = 1; k <= iterations; k++) {
            switch (method) {
                case EXACT -> pi = exactStep(mdp, pi, t);
                case MDPO -> {
                    theta = mdpoStep(mdp, theta, t, m, lr);
                    pi = softmax(theta);
                }
                case SOFTMAX_PG -> {
                    theta = softmaxPgStep(mdp, theta, lr);
                    pi = softmax(theta);
                }
            }
            out[k] = gap(mdp, vStar, pi);
        }
        return out;
    }
}
