package dev.gradus.train;

import dev.gradus.nn.Module;
import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.tensor.RandomStream;

/**
 * A model architecture written in the spec language, such as {@code mlp(hidden=(128, 128))}: the components of
 * the {@code model} family ({@link #MODELS}), which {@code gradus train --model} and {@link ModelSpec} parse.
 *
 * <p>To add an architecture, write a class that extends {@code Configured<X>} and implements this interface,
 * declare its {@code Descriptor.component("name", "model", X::new)}, and list it in the module's
 * {@link dev.gradus.optim.spec.DescriptorProvider}; {@code --model name(...)} then builds it.
 */
public interface ModelFactory {

    /** The family of models. */
    SpecFamily<ModelFactory> MODELS = SpecFamily.of("model", ModelFactory.class);

    /**
     * The shape one sample is fed to the model in, given the data set's sample shape (for example the flat
     * features {@code [d]}, or an image {@code [C, H, W]}).
     *
     * @throws IllegalArgumentException when the model cannot take such samples
     */
    int[] inputShape(int[] sampleShape);

    /**
     * Builds the model for samples of {@code sampleShape} and {@code outputs} outputs (one per class), drawing
     * its initial weights and the seeds of its random layers from {@code rng}.
     */
    Module build(int[] sampleShape, int outputs, RandomStream rng);

    /**
     * The number of parameters and of units per sample (the widths of all layers, inputs and outputs included)
     * of the model {@link #build} would make, computed without building it, for the {@link MemoryEstimate} of a
     * run; null when this architecture does not say (the run then counts the parameters once the model is
     * built).
     */
    default long[] size(int[] sampleShape, int outputs) {
        return null;
    }

    /** The flat number of features of a sample shape. */
    static int features(int[] sampleShape) {
        int d = 1;
        for (int s : sampleShape) {
            d *= s;
        }
        return d;
    }
}
