package dev.gradus.train;

import dev.gradus.nn.Module;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A model's weights as a safetensors file that PyTorch loads: every parameter and buffer of
 * {@link Module#stateDict()} under its dotted name ({@code 0.weight}, {@code 1.running_mean}), as {@code F64}
 * with its shape, and the metadata {@code format = pt} that {@code safetensors.torch.save_file} writes.
 *
 * <pre>{@code
 * ModelWeights.save(Path.of("model.safetensors"), model);
 * // Python: model.load_state_dict(safetensors.torch.load_file("model.safetensors"))  (a float64 model)
 * }</pre>
 */
public final class ModelWeights {
    private ModelWeights() {}

    /** Writes the state dict of {@code model} to {@code file}, atomically (temporary file, then rename). */
    public static void save(Path file, Module model) throws IOException {
        Safetensors.write(file, model.stateDict(), Map.of("format", "pt"));
    }

    /** The bytes of the safetensors file {@link #save} writes. */
    public static byte[] toBytes(Module model) {
        return Safetensors.toBytes(model.stateDict(), Map.of("format", "pt"));
    }

    /**
     * Loads {@code file} into {@code model}. Names and shapes must match exactly; otherwise nothing is written
     * and the error lists the missing, extra and wrongly shaped names.
     */
    public static void load(Path file, Module model) throws IOException {
        TensorMap weights = Safetensors.read(file).tensors();
        try {
            model.loadStateDict(weights);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
