package dev.gradus.robust.attack;

import dev.gradus.robust.Classifier;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;

/** An untargeted evasion attack with a fixed budget: adversarial inputs for a batch and its true labels. */
public interface Attack {

    /**
     * Adversarial versions of {@code x} ({@code [N, ...]}, not modified) against {@code f} for the true
     * {@code labels}; {@code rng} feeds a random start where the attack has one.
     */
    Tensor perturb(Classifier f, Tensor x, int[] labels, RandomStream rng);

    /** Input-gradient evaluations per example for one call (FGSM 1, PGD its step count): the cost to count. */
    int gradientEvaluations();

    /** Fraction of examples that {@code f} classifies correctly: the clean or robust accuracy. */
    static double accuracy(Classifier f, Tensor x, int[] labels) {
        int[] predicted = predict(f, x);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += predicted[i] == labels[i] ? 1 : 0;
        }
        return labels.length == 0 ? Double.NaN : correct / (double) labels.length;
    }

    /** The arg-max class of each row of {@code f}'s logits, computed without recording a graph. */
    static int[] predict(Classifier f, Tensor x) {
        Tensor z;
        try (var scope = dev.gradus.autodiff.Autodiff.noGrad()) {
            z = f.logits(dev.gradus.autodiff.Var.constant(x)).value();
        }
        int n = z.dim(0);
        int c = z.dim(1);
        int[] out = new int[n];
        double[] d = z.data();
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (d[i * c + j] > d[i * c + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
