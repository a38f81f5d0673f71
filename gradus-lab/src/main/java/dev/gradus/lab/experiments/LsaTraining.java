package dev.gradus.lab.experiments;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.lab.Trial;
import dev.gradus.nn.LinearSelfAttention;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Training and reading out a one-layer {@link LinearSelfAttention} on {@link InContextRegression} prompts: the
 * prediction is {@code sign} times the response coordinate of the updated query token (von Oswald et al. read
 * it with {@code sign = -1}), the loss half the mean squared error, and every step sees fresh prompts (the
 * population loss, as both papers train).
 */
final class LsaTraining {
    private static final int EVAL_CHUNK = 1024;

    private LsaTraining() {}

    /** {@code sign} times the last coordinate of the last token of {@code lsa(tokens)}, {@code [B]}. */
    static Var predict(LinearSelfAttention lsa, Var tokens, double sign) {
        int[] s = tokens.shape();
        Var out = lsa.forward(tokens);
        return out.narrow(1, s[1] - 1, 1).narrow(2, s[2] - 1, 1).reshape(s[0]).mul(sign);
    }

    /**
     * Trains {@code lsa} in place for {@code steps} steps of {@code optimizer} on batches of fresh prompts and
     * returns the training loss of each step. With {@code compress}, each batch goes through
     * {@link InContextRegression.Batch#compressed()} first (valid when the query attends only to the context).
     */
    static double[] train(LinearSelfAttention lsa, InContextRegression task, GradientTransformation optimizer,
                          int steps, int batch, double sign, boolean compress, RandomStream rng, Trial ctx,
                          String label) {
        TensorMap params = lsa.namedParameters();
        OptState state = optimizer.init(params);
        double[] losses = new double[steps];
        for (int t = 0; t < steps; t++) {
            InContextRegression.Batch b = compress ? task.sample(batch, rng).compressed() : task.sample(batch, rng);
            Var pred = predict(lsa, Var.constant(b.tokens()), sign);
            Var loss = pred.sub(b.targets()).square().mean().mul(0.5);
            losses[t] = loss.item();
            optimizer.step(params, lsa.gradients(loss), state);
            if (t % 100 == 0) {
                ctx.progress(label + ": step " + t + "/" + steps, t / (double) steps);
            }
        }
        return losses;
    }

    /** The trained model's predictions on a batch, {@code [B]}, computed in chunks without a graph. */
    static Tensor predictions(LinearSelfAttention lsa, InContextRegression.Batch batch, double sign) {
        List<Tensor> parts = new ArrayList<>();
        try (GradMode.Scope ignored = Autodiff.noGrad()) {
            for (int from = 0; from < batch.size(); from += EVAL_CHUNK) {
                int len = Math.min(EVAL_CHUNK, batch.size() - from);
                parts.add(predict(lsa, Var.constant(batch.tokens().narrow(0, from, len)), sign).value());
            }
        }
        return Tensor.concat(parts, 0);
    }

    /**
     * The sensitivities {@code d y_hat / d x_q} of the model's prediction to its query, {@code [B, d]}, by reverse
     * mode through the layer (each prompt's prediction depends on its own tokens only, so one backward pass of the
     * summed predictions gives every prompt's gradient).
     */
    static Tensor querySensitivities(LinearSelfAttention lsa, InContextRegression.Batch batch, double sign) {
        int[] s = batch.tokens().shape();
        int d = s[2] - 1;
        List<Tensor> parts = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += EVAL_CHUNK) {
            int len = Math.min(EVAL_CHUNK, batch.size() - from);
            Var tokens = Var.leaf(batch.tokens().narrow(0, from, len), true);
            Tensor g = Autodiff.grad(predict(lsa, tokens, sign).sum(), List.of(tokens)).get(0);
            parts.add(g.narrow(1, s[1] - 1, 1).narrow(2, 0, d).reshape(len, d));
        }
        return Tensor.concat(parts, 0);
    }

    /**
     * The effective preconditioner {@code Gamma = sign * PV[y, y] * KQ[x, x]} of head 0: the coefficient of the
     * prediction's term {@code ((1/n) sum_i y_i x_i)^T Gamma x_q}, the term one step of preconditioned GD has.
     */
    static Tensor gammaEff(LinearSelfAttention lsa, double sign) {
        int dim = lsa.dim();
        int d = dim - 1;
        Tensor kq = lsa.mergedKQ();
        Tensor pv = lsa.mergedPV();
        double vy = pv.get(0, d, d);
        Tensor gamma = Tensor.zeros(d, d);
        for (int r = 0; r < d; r++) {
            for (int c = 0; c < d; c++) {
                gamma.set(sign * vy * kq.get(0, r, c), r, c);
            }
        }
        return gamma;
    }

    /** A running mean over 50 steps, so that a plotted curve shows the trend of noisy batch losses. */
    static double[] smooth(double[] v) {
        double[] out = new double[v.length];
        double s = 0;
        for (int i = 0; i < v.length; i++) {
            s += v[i];
            if (i >= 50) {
                s -= v[i - 50];
            }
            out[i] = s / Math.min(i + 1, 50);
        }
        return out;
    }
}
