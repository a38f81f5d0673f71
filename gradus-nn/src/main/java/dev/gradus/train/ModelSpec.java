package dev.gradus.train;

import dev.gradus.nn.Module;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.SpecException;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;

/**
 * A model described in one line of the spec language that optimizers use, for configs and
 * {@code gradus train --model}: any component of the {@link ModelFactory#MODELS} family. The built-in ones are
 * {@link LogisticModel logistic}, {@link MlpModel mlp} and {@link CnnModel cnn}; a module adds its own by
 * registering a descriptor (see {@link ModelFactory}).
 *
 * <p>Every keyword has a default, so {@code mlp} alone is a model. Unknown names and keywords, wrong types and
 * values out of range are {@link SpecException}s that point at the place in the text and say what is allowed;
 * a choice such as the activation may be written bare ({@code activation=tanh}) or quoted.
 * {@link #toString()} prints the spec with every keyword written out, and parses back to an equal spec.
 */
public final class ModelSpec {
    private final ModelFactory factory;

    private ModelSpec(ModelFactory factory) {
        this.factory = factory;
    }

    /** Parses and validates a model spec. */
    public static ModelSpec parse(String text) {
        return new ModelSpec(ModelFactory.MODELS.parse(text));
    }

    /** The model's name, such as {@code mlp}. */
    public String kind() {
        return ((Configured<?>) factory).descriptor().name();
    }

    /** The architecture. */
    public ModelFactory factory() {
        return factory;
    }

    /**
     * The shape one sample is fed to the model in ({@link ModelFactory#inputShape}).
     *
     * @throws IllegalArgumentException when the model cannot take such samples
     */
    public int[] inputShape(int[] sampleShape) {
        return factory.inputShape(sampleShape);
    }

    /** Builds the model for samples of {@code sampleShape} and {@code outputs} outputs ({@link ModelFactory#build}). */
    public Module build(int[] sampleShape, int outputs, RandomStream rng) {
        return factory.build(sampleShape, outputs, rng);
    }

    /** The parameters and units per sample of the model, without building it ({@link ModelFactory#size}); or null. */
    public long[] size(int[] sampleShape, int outputs) {
        return factory.size(sampleShape, outputs);
    }

    /** The spec with every keyword written out, such as {@code mlp(hidden=(128, 128), activation="relu", ...)}. */
    @Override
    public String toString() {
        return Specs.print(factory);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec m && m.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
