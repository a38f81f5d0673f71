package dev.gradus.spark.ml;

import dev.gradus.autodiff.GradMode;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.io.Safetensors;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.ModelWeights;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * A trained Gradus model as a Spark model holds it: its spec, its input width and outputs, and its weights as the
 * bytes of a safetensors file ({@link ModelWeights}), which is what is serialized into Spark tasks and saved with
 * the model. Each thread that predicts rebuilds the module once from the spec and loads the weights into it (a
 * module binds its parameters while it runs, so threads do not share one).
 */
final class TrainedNetwork implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelSpec;
    private final int numFeatures;
    private final int outputs;
    private final byte[] weights;
    private transient volatile ThreadLocal<Module> modules;

    TrainedNetwork(String modelSpec, int numFeatures, int outputs, byte[] weights) {
        this.modelSpec = modelSpec;
        this.numFeatures = numFeatures;
        this.outputs = outputs;
        this.weights = weights.clone();
        // Fails now, not on an executor, when the weights do not fit the spec.
        module();
    }

    /** The network of a trained module. */
    static TrainedNetwork of(String modelSpec, int numFeatures, int outputs, Module model) {
        return new TrainedNetwork(modelSpec, numFeatures, outputs, ModelWeights.toBytes(model));
    }

    /** The model spec. */
    String modelSpec() {
        return modelSpec;
    }

    /** The number of features a row must have. */
    int numFeatures() {
        return numFeatures;
    }

    /** The number of outputs (classes, or 1 for regression). */
    int outputs() {
        return outputs;
    }

    /** The safetensors bytes of the weights (a copy). */
    byte[] weights() {
        return weights.clone();
    }

    /** The model's outputs (logits, or the prediction) for one row, in evaluation mode. */
    double[] outputs(double[] features) {
        if (features.length != numFeatures) {
            throw new IllegalArgumentException("Gradus model: a row has " + features.length + " features, the model"
                    + " was trained on " + numFeatures);
        }
        Module m = module();
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            return m.forward(Tensor.of(features.clone(), 1, numFeatures)).value().data().clone();
        }
    }

    private Module module() {
        if (modules == null) {
            synchronized (this) {
                if (modules == null) {
                    modules = ThreadLocal.withInitial(this::build);
                }
            }
        }
        return modules.get();
    }

    private Module build() {
        Module m = ModelSpec.parse(modelSpec).build(new int[] {numFeatures}, outputs, RandomStream.of(0));
        try {
            m.loadStateDict(Safetensors.fromBytes("Gradus model weights", weights).tensors());
        } catch (IOException e) {
            throw new UncheckedIOException("Gradus model: unreadable weights: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Gradus model: the weights do not fit " + modelSpec + " with "
                    + numFeatures + " features and " + outputs + " outputs: " + e.getMessage(), e);
        }
        m.eval();
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrainedNetwork t && t.modelSpec.equals(modelSpec) && t.numFeatures == numFeatures
                && t.outputs == outputs && Arrays.equals(t.weights, weights);
    }

    @Override
    public int hashCode() {
        return modelSpec.hashCode() * 31 + Arrays.hashCode(weights);
    }
}
