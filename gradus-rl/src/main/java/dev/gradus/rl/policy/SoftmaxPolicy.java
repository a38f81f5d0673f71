package dev.gradus.rl.policy;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.rl.env.ActionSpace;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * π_θ(a|s) = softmax(f_θ(s))_a over discrete actions, with f_θ linear in the features or an MLP:
 * <pre>
 *   log π(a|s) = f_a − logsumexp(f),   H = −Σ_a π_a log π_a,   KL(π ‖ π_old) = Σ_a π_a (log π_a − log π_old,a)
 * </pre>
 * The head is the logits {@code [n, A]}.
 */
public final class SoftmaxPolicy extends Policy {

    /** A softmax over the logits computed by {@code net} ({@code [n, d] -> [n, A]}). */
    public SoftmaxPolicy(Module net, int observationSize, int actions) {
        super(net, observationSize, ActionSpace.discrete(actions));
    }

    private Tensor oneHot(Tensor actions) {
        int n = actions.dim(0);
        int a = actionSpace().n();
        double[] oh = new double[n * a];
        double[] ad = actions.data();
        for (int i = 0; i < n; i++) {
            int k = (int) ad[i];
            if (k < 0 || k >= a || k != ad[i]) {
                throw new IllegalArgumentException("softmax policy: action " + ad[i] + " of row " + i
                        + " is not in 0.." + (a - 1));
            }
            oh[i * a + k] = 1;
        }
        return Tensor.of(oh, n, a);
    }

    @Override
    public Var logProb(Var head, Tensor actions) {
        return head.logSoftmax(1).mul(oneHot(actions)).sum(1, false);
    }

    @Override
    public Var entropy(Var head) {
        Var logp = head.logSoftmax(1);
        return logp.exp().mul(logp).sum(1, false).neg();
    }

    @Override
    public Var kl(Var head, Tensor oldHead) {
        Var logp = head.logSoftmax(1);
        Tensor oldLogp = oldHead.logSoftmax(1);
        return logp.exp().mul(logp.sub(oldLogp)).sum(1, false);
    }

    @Override
    protected void sample(Tensor head, RandomStream rng, double[] out) {
        Tensor p = head.softmax(1);
        int n = p.dim(0);
        int a = p.dim(1);
        double[] pd = p.data();
        for (int i = 0; i < n; i++) {
            double u = rng.uniform();
            double c = 0;
            int k = a - 1;
            for (int j = 0; j < a; j++) {
                c += pd[i * a + j];
                if (u < c) {
                    k = j;
                    break;
                }
            }
            out[i] = k;
        }
    }

    @Override
    protected void mode(Tensor head, double[] out) {
        int n = head.dim(0);
        int a = head.dim(1);
        double[] h = head.data();
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < a; j++) {
                if (h[i * a + j] > h[i * a + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
    }
}
