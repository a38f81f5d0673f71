package dev.gradus.privacy.audit;

import dev.gradus.optim.PerSample;
import dev.gradus.privacy.PrivateGradient;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A one-run privacy audit of DP-SGD in the manner of Steinke, Nasr &amp; Jagielski, "Privacy Auditing with One (1)
 * Training Run" (NeurIPS 2023), white-box with Dirac gradient canaries:
 * <ol>
 *   <li>m canaries, canary i a per-example gradient {@code G·e_i} (a coordinate of an m-dimensional parameter, with
 *       G = {@code canaryNorm}, above the clipping norm so clipping matters); each is included in the run
 *       independently with probability 1/2 ({@code S_i = ±1}).</li>
 *   <li>One run of T steps of the mechanism under audit: each step Poisson-samples the included canaries at rate q
 *       and releases the privatised gradient of that batch.</li>
 *   <li>The score of canary i is the sum over steps of coordinate i of the released gradients (what an adversary
 *       who sees every update, the threat model of DP-SGD's analysis, can compute). The k/2 highest scores are
 *       guessed "in", the k/2 lowest "out".</li>
 *   <li>If the run is ε-DP, the number of correct guesses among r is stochastically dominated by
 *       {@code Binomial(r, e^ε/(1 + e^ε))} (their Theorem 3.1 with δ = 0). The lower bound is the largest ε whose
 *       binomial tail at the observed count is still at most β: at confidence 1 − β the run is not ε'-DP for any
 *       ε' below it.</li>
 * </ol>
 * The bound uses the δ = 0 form; for (ε, δ)-DP the paper adds a term of order {@code m·δ} to the tail, negligible at
 * δ = 1e-5 and m = 1000 against β = 0.05, so the bound here can overstate the truth only by that margin.
 */
public final class OneRunAudit {
    /** The mechanism under audit: the released gradient for a batch, as {@code PrivateGradient#privatize}. */
    @FunctionalInterface
    public interface Mechanism {
        /** The privatised gradient of {@code batch}, shaped like {@code params}, noise from {@code noise}. */
        TensorMap release(PerSample batch, TensorMap params, RandomStream noise);
    }

    private OneRunAudit() {}

    /** The honest mechanism: DP-SGD's {@link PrivateGradient#privatize}. */
    public static Mechanism honest(PrivateGradient g) {
        return g::privatize;
    }

    /** A broken mechanism that claims {@code g}'s privacy but adds no noise. */
    public static Mechanism withoutNoise(PrivateGradient g) {
        return new PrivateGradient(g.maxGradNorm(), 0, g.expectedBatchSize(), g.clipping(), g.mode())::privatize;
    }

    /** A broken mechanism that adds {@code g}'s noise but sums the per-example gradients unclipped. */
    public static Mechanism withoutClipping(PrivateGradient g) {
        return (batch, params, noise) -> {
            double[] ones = new double[batch.size()];
            Arrays.fill(ones, 1);
            return g.noisyMean(batch.size() == 0 ? params.zerosLike() : batch.weightedSum(ones), noise);
        };
    }

    /**
     * Audits {@code mechanism} over {@code steps} steps at sampling rate {@code q} with {@code canaries} canaries of
     * norm {@code canaryNorm}, guessing {@code guesses} of them, at confidence {@code 1 − beta}.
     */
    public static AuditResult run(Mechanism mechanism, double q, long steps, int canaries, double canaryNorm, int guesses,
                                  double beta, double claimedEpsilon, long seed) {
        if (canaries < 2 || guesses < 2 || guesses > canaries || guesses % 2 != 0) {
            throw new IllegalArgumentException("audit: need an even number of guesses in [2, canaries]; got "
                    + guesses + " guesses of " + canaries + " canaries");
        }
        if (!(q > 0 && q <= 1) || steps < 1 || !(beta > 0 && beta < 1) || !(canaryNorm > 0)) {
            throw new IllegalArgumentException("audit: need q in (0, 1], steps >= 1, beta in (0, 1), canary norm > 0");
        }
        RandomStream root = RandomStream.of(seed);
        RandomStream membership = root.fork("membership");
        boolean[] in = new boolean[canaries];
        for (int i = 0; i < canaries; i++) {
            in[i] = membership.bernoulli(0.5);
        }
        TensorMap params = TensorMap.of("w", Tensor.zeros(canaries));
        double[] score = new double[canaries];
        RandomStream sampling = root.fork("sampling");
        RandomStream noise = root.fork("noise");
        int[] batch = new int[canaries];
        for (long t = 0; t < steps; t++) {
            int b = 0;
            for (int i = 0; i < canaries; i++) {
                if (in[i] && sampling.bernoulli(q)) {
                    batch[b++] = i;
                }
            }
            TensorMap g = mechanism.release(new DiracBatch(Arrays.copyOf(batch, b), canaries, canaryNorm), params,
                    noise.fork(Long.toString(t)));
            double[] gd = g.get("w").data();
            for (int i = 0; i < canaries; i++) {
                score[i] += gd[i];
            }
        }
        Integer[] order = new Integer[canaries];
        for (int i = 0; i < canaries; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, c) -> Double.compare(score[c], score[a])); // highest first; ties keep index order
        int correct = 0;
        for (int k = 0; k < guesses / 2; k++) {
            correct += in[order[k]] ? 1 : 0;
            correct += in[order[canaries - 1 - k]] ? 0 : 1;
        }
        return new AuditResult(canaries, guesses, correct, epsilonLowerBound(guesses, correct, beta), 1 - beta,
                claimedEpsilon);
    }

    /**
     * The largest ε with {@code P[Binomial(r, e^ε/(1+e^ε)) ≥ v] ≤ β}, by bisection (the tail grows with ε); 0 when even
     * ε = 0 leaves the tail above β.
     */
    public static double epsilonLowerBound(int r, int v, double beta) {
        if (v < 0 || v > r) {
            throw new IllegalArgumentException("audit: " + v + " correct guesses out of " + r);
        }
        if (logTail(r, v, 0.5) > Math.log(beta)) {
            return 0;
        }
        double lo = 0;
        double hi = 1;
        while (logTail(r, v, p(hi)) <= Math.log(beta)) {
            hi *= 2;
            if (hi > 1e3) {
                return hi;
            }
        }
        for (int k = 0; k < 100; k++) {
            double mid = (lo + hi) / 2;
            if (logTail(r, v, p(mid)) <= Math.log(beta)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double p(double eps) {
        return 1 / (1 + Math.exp(-eps));
    }

    /** {@code log P[Binomial(r, p) ≥ v]}, summed in log space. */
    static double logTail(int r, int v, double p) {
        double logP = Math.log(p);
        double log1mP = Math.log1p(-p);
        double[] logFact = new double[r + 1];
        for (int k = 1; k <= r; k++) {
            logFact[k] = logFact[k - 1] + Math.log(k);
        }
        double acc = Double.NEGATIVE_INFINITY;
        for (int k = v; k <= r; k++) {
            double term = logFact[r] - logFact[k] - logFact[r - k] + k * logP + (r - k) * log1mP;
            double hi = Math.max(acc, term);
            acc = hi == Double.NEGATIVE_INFINITY ? hi : hi + Math.log(Math.exp(acc - hi) + Math.exp(term - hi));
        }
        return acc;
    }

    /** A batch of Dirac canaries {@code G·e_i}. */
    private record DiracBatch(int[] members, int dim, double norm) implements PerSample {
        @Override
        public int size() {
            return members.length;
        }

        /** Canaries are gradients inserted by the auditor, not the gradients of a loss. */
        @Override
        public Tensor losses() {
            throw new UnsupportedOperationException("audit canaries are inserted gradients and have no losses");
        }

        @Override
        public TensorMap gradients() {
            double[] g = new double[members.length * dim];
            for (int k = 0; k < members.length; k++) {
                g[k * dim + members[k]] = norm;
            }
            return TensorMap.of("w", Tensor.of(g, members.length, dim));
        }

        @Override
        public Map<String, double[]> parameterNorms() {
            Map<String, double[]> m = new LinkedHashMap<>();
            m.put("w", norms());
            return m;
        }

        @Override
        public double[] norms() {
            double[] n = new double[members.length];
            Arrays.fill(n, norm);
            return n;
        }

        @Override
        public TensorMap weightedSum(double[] weights) {
            double[] s = new double[dim];
            for (int k = 0; k < members.length; k++) {
                s[members[k]] += weights[k] * norm;
            }
            return TensorMap.of("w", Tensor.of(s, dim));
        }
    }
}
