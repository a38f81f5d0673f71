package dev.gradus.nn;

import dev.gradus.tensor.Tensor;

/**
 * Which tokens each token attends to, in the self-attention layers ({@link LinearSelfAttention},
 * {@link SoftmaxSelfAttention}). Token {@code i} reads from key/value token {@code j} when
 * {@link #allows(int, int, int)}.
 *
 * <p>The in-context-learning experiments use {@link #excludeLast(int)}: the prompt's context pairs
 * {@code (x_j, y_j)} are keys and values, and the final query token {@code (x_q, 0)} attends to them
 * without attending to itself (so no cubic terms in {@code x_q}).
 */
public final class AttentionMask {
    private enum Kind { FULL, EXCLUDE_LAST, CAUSAL }

    private final Kind kind;
    private final int excluded;

    private AttentionMask(Kind kind, int excluded) {
        this.kind = kind;
        this.excluded = excluded;
    }

    /** Every token attends to every token. */
    public static AttentionMask full() {
        return new AttentionMask(Kind.FULL, 0);
    }

    /** The last {@code queries} tokens are queries only: nobody attends to them. */
    public static AttentionMask excludeLast(int queries) {
        if (queries < 0) {
            throw new IllegalArgumentException("AttentionMask.excludeLast: queries must be >= 0, got " + queries);
        }
        return new AttentionMask(Kind.EXCLUDE_LAST, queries);
    }

    /** Token {@code i} attends to tokens {@code 0..i} (an autoregressive, order-sensitive model). */
    public static AttentionMask causal() {
        return new AttentionMask(Kind.CAUSAL, 0);
    }

    /** True when, in a sequence of {@code tokens}, token {@code i} attends to token {@code j}. */
    public boolean allows(int i, int j, int tokens) {
        return switch (kind) {
            case FULL -> true;
            case EXCLUDE_LAST -> j < tokens - excluded;
            case CAUSAL -> j <= i;
        };
    }

    /**
     * The {@code [T, T]} averaging weights of linear attention: {@code 1/n_i} where token {@code i} attends to
     * {@code j} and 0 elsewhere, with {@code n_i} the number of tokens that {@code i} attends to. Rows that
     * attend to nothing are zero.
     */
    Tensor averagingWeights(int tokens) {
        checkTokens(tokens);
        Tensor w = Tensor.zeros(tokens, tokens);
        double[] d = w.data();
        for (int i = 0; i < tokens; i++) {
            int n = 0;
            for (int j = 0; j < tokens; j++) {
                n += allows(i, j, tokens) ? 1 : 0;
            }
            for (int j = 0; j < tokens; j++) {
                d[i * tokens + j] = allows(i, j, tokens) ? 1.0 / n : 0.0;
            }
        }
        return w;
    }

    /** The {@code [T, T]} additive mask of softmax attention: 0 where allowed, minus infinity elsewhere. */
    Tensor additiveMask(int tokens) {
        checkTokens(tokens);
        Tensor w = Tensor.zeros(tokens, tokens);
        double[] d = w.data();
        for (int i = 0; i < tokens; i++) {
            for (int j = 0; j < tokens; j++) {
                d[i * tokens + j] = allows(i, j, tokens) ? 0.0 : Double.NEGATIVE_INFINITY;
            }
        }
        return w;
    }

    private void checkTokens(int tokens) {
        if (kind == Kind.EXCLUDE_LAST && excluded >= tokens) {
            throw new IllegalArgumentException("attention mask " + this + ": a sequence of " + tokens
                    + " tokens leaves no token to attend to");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FULL -> "full";
            case EXCLUDE_LAST -> "exclude_last(" + excluded + ")";
            case CAUSAL -> "causal";
        };
    }
}
