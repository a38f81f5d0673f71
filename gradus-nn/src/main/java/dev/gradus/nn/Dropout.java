package dev.gradus.nn;

import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/**
 * Inverted dropout (PyTorch's {@code Dropout(p)}): in training mode each element is zeroed with
 * probability {@code p} and the survivors are scaled by {@code 1/(1-p)}, so the expected output equals the
 * input; in evaluation mode it is the identity.
 *
 * <p>The mask is drawn from this module's own {@link RandomStream}, one uniform per element in row-major
 * order (element kept when {@code u >= p}). The stream is part of the training state ({@link Stochastic}):
 * a checkpoint that saves {@link Module#randomStates()} and restores it gives the same masks after resume.
 */
public final class Dropout extends Module implements Stochastic {
    private final double p;
    private RandomStream rng;

    /** Drops with probability {@code p} in [0, 1), drawing from {@code rng}. */
    public Dropout(double p, RandomStream rng) {
        if (!(p >= 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        if (rng == null) {
            throw new IllegalArgumentException("Dropout: random stream is null");
        }
        this.p = p;
        this.rng = rng;
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public RandomStream randomStream() {
        return rng;
    }

    @Override
    public void setRandomStream(RandomStream stream) {
        if (stream == null) {
            throw new IllegalArgumentException("Dropout: random stream is null");
        }
        this.rng = stream;
    }

    @Override
    public Var forward(Var input) {
        if (!isTraining() || p == 0.0) {
            return input;
        }
        Tensor mask = Tensor.zeros(input.shape());
        double[] m = mask.data();
        double scale = 1.0 / (1.0 - p);
        for (int i = 0; i < m.length; i++) {
            m[i] = rng.uniform() >= p ? scale : 0.0;
        }
        return input.mul(Var.constant(mask));
    }

    @Override
    protected String extraRepr() {
        return "p=" + pythonRepr(p) + ", inplace=False";
    }
}
