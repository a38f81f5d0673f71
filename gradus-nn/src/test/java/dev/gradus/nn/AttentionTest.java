package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AttentionTest {
    private final RandomStream rng = RandomStream.of(11);

    /** Row {@code r} of head {@code h}'s block of {@code w [H*n, D]} applied to token {@code e}. */
    private static double project(Tensor w, int h, int n, int r, double[] e) {
        double s = 0;
        for (int c = 0; c < e.length; c++) {
            s += w.get(h * n + r, c) * e[c];
        }
        return s;
    }

    private static double[] token(Tensor x, int b, int i) {
        double[] e = new double[x.dim(2)];
        for (int c = 0; c < e.length; c++) {
            e[c] = x.get(b, i, c);
        }
        return e;
    }

    /**
     * e_i + sum_h P_h sum_j a_hij v_hj, with a_hij = w_ij (q.k) for linear attention and the masked softmax of
     * (q.k)/sqrt(k) for softmax attention: the definitions, written as loops.
     */
    private static Tensor reference(Tensor x, Tensor wq, Tensor wk, Tensor wv, Tensor p, int heads, int k, int v,
                                    AttentionMask mask, boolean softmax, boolean residual) {
        int bsz = x.dim(0), t = x.dim(1), d = x.dim(2);
        Tensor out = Tensor.zeros(bsz, t, d);
        for (int b = 0; b < bsz; b++) {
            for (int i = 0; i < t; i++) {
                double[] ei = token(x, b, i);
                double[] delta = new double[d];
                for (int h = 0; h < heads; h++) {
                    double[] a = new double[t];
                    int allowed = 0;
                    for (int j = 0; j < t; j++) {
                        allowed += mask.allows(i, j, t) ? 1 : 0;
                    }
                    double maxScore = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < t; j++) {
                        if (!mask.allows(i, j, t)) {
                            continue;
                        }
                        double[] ej = token(x, b, j);
                        double qk = 0;
                        for (int r = 0; r < k; r++) {
                            qk += project(wq, h, k, r, ei) * project(wk, h, k, r, ej);
                        }
                        a[j] = softmax ? qk / Math.sqrt(k) : qk / allowed;
                        maxScore = Math.max(maxScore, a[j]);
                    }
                    if (softmax) {
                        double z = 0;
                        for (int j = 0; j < t; j++) {
                            a[j] = mask.allows(i, j, t) ? Math.exp(a[j] - maxScore) : 0;
                            z += a[j];
                        }
                        for (int j = 0; j < t; j++) {
                            a[j] /= z;
                        }
                    }
                    for (int j = 0; j < t; j++) {
                        double[] ej = token(x, b, j);
                        for (int r = 0; r < v; r++) {
                            double vr = project(wv, h, v, r, ej);
                            for (int c = 0; c < d; c++) {
                                delta[c] += a[j] * p.get(c, h * v + r) * vr;
                            }
                        }
                    }
                }
                for (int c = 0; c < d; c++) {
                    out.set((residual ? ei[c] : 0) + delta[c], b, i, c);
                }
            }
        }
        return out;
    }

    @Test
    void linearSelfAttentionFollowsItsFormula() {
        for (AttentionMask mask : new AttentionMask[] {AttentionMask.full(), AttentionMask.excludeLast(1), AttentionMask.causal()}) {
            LinearSelfAttention lsa = LinearSelfAttention.builder(4).heads(2).keySize(3).valueSize(2).mask(mask).build(rng);
            Tensor x = Tensor.randn(rng, 2, 5, 4);
            Tensor want = reference(x, lsa.query().value(), lsa.key().value(), lsa.value().value(),
                    lsa.projection().value(), 2, 3, 2, mask, false, true);
            assertThat(lsa.forward(x).value().data()).as(mask.toString()).containsExactly(want.data(), within(1e-12));
        }
    }

    @Test
    void softmaxSelfAttentionFollowsItsFormula() {
        for (AttentionMask mask : new AttentionMask[] {AttentionMask.full(), AttentionMask.excludeLast(2), AttentionMask.causal()}) {
            SoftmaxSelfAttention att = SoftmaxSelfAttention.builder(4).heads(2).keySize(3).valueSize(2).mask(mask)
                    .residual(false).build(rng);
            Tensor x = Tensor.randn(rng, 2, 5, 4);
            Tensor want = reference(x, att.query().value(), att.key().value(), att.value().value(),
                    att.projection().value(), 2, 3, 2, mask, true, false);
            assertThat(att.forward(x).value().data()).as(mask.toString()).containsExactly(want.data(), within(1e-12));
        }
    }

    @Test
    void theMergedFormWithTheFactoredProductsComputesTheSameMap() {
        LinearSelfAttention factored = LinearSelfAttention.builder(3).heads(2).keySize(2).valueSize(2)
                .mask(AttentionMask.excludeLast(1)).build(rng);
        LinearSelfAttention merged = LinearSelfAttention.builder(3).heads(2)
                .parametrisation(LinearSelfAttention.Parametrisation.MERGED).mask(AttentionMask.excludeLast(1)).build(rng);
        merged.kq().value().assign(factored.mergedKQ());
        merged.pv().value().assign(factored.mergedPV());
        Tensor x = Tensor.randn(rng, 3, 6, 3);
        assertThat(merged.forward(x).value().data()).containsExactly(factored.forward(x).value().data(), within(1e-12));
        assertThat(merged.mergedKQ().data()).isEqualTo(merged.kq().value().data());
        assertThat(merged.namedParameters().names()).containsExactly("kq", "pv");
        assertThat(factored.namedParameters().names()).containsExactly("query", "key", "value", "projection");
    }

    /**
     * von Oswald et al.'s construction: with KQ = [[I, 0], [0, 0]] and PV = [[0, 0], [0, -eta]] the query token
     * (x_q, 0) is updated to (x_q, -eta x_q . (1/N) sum_j y_j x_j), minus one gradient-descent step's prediction.
     */
    @Test
    void theGradientDescentConstructionPredictsOneGdStep() {
        int d = 3;
        int n = 8;
        double eta = 0.7;
        LinearSelfAttention lsa = LinearSelfAttention.builder(d + 1)
                .parametrisation(LinearSelfAttention.Parametrisation.MERGED).mask(AttentionMask.excludeLast(1))
                .init(Initializer.zeros()).build(rng);
        for (int i = 0; i < d; i++) {
            lsa.kq().value().set(1.0, 0, i, i);
        }
        lsa.pv().value().set(-eta, 0, d, d);
        Tensor prompt = Tensor.randn(rng, 1, n + 1, d + 1);
        prompt.set(0.0, 0, n, d); // the query's label slot
        double[] xy = new double[d];
        for (int j = 0; j < n; j++) {
            for (int c = 0; c < d; c++) {
                xy[c] += prompt.get(0, j, d) * prompt.get(0, j, c) / n;
            }
        }
        double gd = 0;
        for (int c = 0; c < d; c++) {
            gd += eta * prompt.get(0, n, c) * xy[c];
        }
        assertThat(-lsa.forward(prompt).value().get(0, n, d)).isCloseTo(gd, within(1e-12));
    }

    @Test
    void wrongFormAccessorsAndShapesAreClearErrors() {
        LinearSelfAttention lsa = LinearSelfAttention.builder(3).build(rng);
        assertThatThrownBy(lsa::kq).hasMessageContaining("only in the MERGED form");
        assertThatThrownBy(() -> lsa.forward(Tensor.zeros(2, 3))).hasMessageContaining("expected tokens [B, T, 3]");
        LinearSelfAttention masked = LinearSelfAttention.builder(3).mask(AttentionMask.excludeLast(2)).build(rng);
        assertThatThrownBy(() -> masked.forward(Tensor.zeros(1, 2, 3))).hasMessageContaining("leaves no token");
        assertThat(lsa.toString()).isEqualTo(
                "LinearSelfAttention(dim=3, heads=1, key_size=3, value_size=3, form=factored, mask=full, residual=True)");
    }
}
