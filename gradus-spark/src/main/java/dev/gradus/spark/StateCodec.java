package dev.gradus.spark;

import dev.gradus.optim.OptState;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker's state (an {@link OptState} tree: residuals, momenta, counters) as bytes for a Spark task and back,
 * through the same leaf encoding as checkpoints ({@link StateLeaf#encode}, safetensors), so the round trip is exact.
 * A state without leaves encodes to null: a stateless compressor ships nothing.
 */
final class StateCodec {
    private StateCodec() {}

    /** The leaves of {@code state} as safetensors bytes, or null when it has none. */
    static byte[] encode(OptState state) {
        Map<String, StateLeaf> leaves = StateTree.leaves(state);
        if (leaves.isEmpty()) {
            return null;
        }
        List<Safetensors.Entry> entries = new ArrayList<>(leaves.size());
        leaves.forEach((path, leaf) -> entries.add(leaf.encode(path)));
        return Safetensors.toBytes(entries, Map.of());
    }

    /** Sets every leaf of {@code target} in place to its value in {@code bytes} (from {@link #encode}). */
    static void decodeInto(byte[] bytes, OptState target) {
        Map<String, StateLeaf> leaves = StateTree.leaves(target);
        if (bytes == null) {
            if (!leaves.isEmpty()) {
                throw new IllegalStateException("gradus-spark: a worker returned no state for a state with leaves "
                        + leaves.keySet());
            }
            return;
        }
        Safetensors.Contents c;
        try {
            c = Safetensors.fromBytes("worker state", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        leaves.forEach((path, leaf) -> leaf.restore(leaf.decode(c.entry(path))));
    }
}
