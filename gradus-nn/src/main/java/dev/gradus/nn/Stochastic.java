package dev.gradus.nn;

import dev.gradus.tensor.RandomStream;

/**
 * A module that draws random numbers in its forward pass (such as {@link Dropout}). Its stream is part of
 * the training state: {@link Module#randomStates()} reads the positions of all such streams in a model and
 * {@link Module#loadRandomStates} restores them, so that a resumed run draws the same masks.
 */
public interface Stochastic {

    /** The live stream this module draws from. */
    RandomStream randomStream();

    /** Replaces the stream, for instance with one restored by {@link RandomStream#fromState(long[])}. */
    void setRandomStream(RandomStream stream);
}
