package dev.gradus.spark;

import dev.gradus.distributed.GradientOracle;
import dev.gradus.distributed.ModelOracle;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.train.ModelSpec;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How an executor builds a worker's {@link ModelOracle}: the model's spec, the data's sample shape, the number of
 * outputs and the loss's class (built by its no-argument constructor). The oracle is a functional call at the
 * round's parameters, so the replica's own initial weights never matter; one replica per executor thread is
 * kept, since a model binds its parameters during a call.
 *
 * @param modelSpec the model's spec, such as {@code mlp(hidden=(64,))}
 * @param sampleShape the data's sample shape
 * @param outputs the number of model outputs
 * @param lossClass the loss's class name
 */
record OracleFactory(String modelSpec, int[] sampleShape, int outputs, String lossClass) implements Serializable {
    private static final ThreadLocal<Map<String, Module>> REPLICAS = ThreadLocal.withInitial(HashMap::new);

    /** The factory for a model spec and a loss, checked on the driver. */
    static OracleFactory of(ModelSpec spec, int[] sampleShape, int outputs, Loss loss) {
        OracleFactory f = new OracleFactory(spec.toString(), sampleShape.clone(), outputs, loss.getClass().getName());
        f.loss();
        return f;
    }

    /** The oracle of this thread's replica; {@code flipLabels} for a label-flipping worker. */
    GradientOracle oracle(boolean flipLabels) {
        String key = modelSpec + Arrays.toString(sampleShape) + outputs;
        Module m = REPLICAS.get().computeIfAbsent(key,
                k -> ModelSpec.parse(modelSpec).build(sampleShape, outputs, RandomStream.of(0)));
        m.train(true);
        return new ModelOracle(m, loss(), flipLabels);
    }

    private Loss loss() {
        try {
            return (Loss) Class.forName(lossClass).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoSuchMethodException | InstantiationException | IllegalAccessException
                | InvocationTargetException | ClassCastException e) {
            throw new IllegalArgumentException("gradus-spark: the loss " + lossClass + " must be a public class with a"
                    + " public no-argument constructor, so executors can build it: " + e, e);
        }
    }
}
