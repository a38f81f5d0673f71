package dev.gradus.rl;

import dev.gradus.optim.OptState;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A learner's state tree in one safetensors file: every leaf of {@link Learner#state()} (parameters, optimizer states,
 * environment states and random streams, counters) as one entry named by its path ({@link StateTree}), as
 * {@code StateFile} writes optimizer state; the metadata holds {@code format = gradus-rl-checkpoint},
 * {@code format_version = 1}, the run's identity and the caller's extra text (the history).
 *
 * <p>Why not {@code StateFile} itself: it rebuilds a state from a transformation's {@code init}, while a learner's
 * template is the learner. Loading decodes every entry against the learner's own tree and checks the structure and
 * identity first, so a mismatched or damaged file is refused with a message and the learner is left untouched.
 * Written atomically (temporary file, then rename).
 */
public final class RlCheckpoint {
    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "gradus-rl-checkpoint";
    /** The format version. */
    public static final int VERSION = 1;

    private RlCheckpoint() {}

    /**
     * What a checkpoint holds besides the state.
     *
     * @param identity what the run is (env, algorithm, policy, seed...); must match on resume
     * @param extra other metadata (such as the history), returned as saved
     */
    public record Meta(Map<String, String> identity, Map<String, String> extra) {}

    /** Writes {@code learner}'s state with {@code identity} and {@code extra} metadata. */
    public static void save(Path file, Learner learner, Map<String, String> identity, Map<String, String> extra)
            throws IOException {
        OptState state = learner.state();
        List<Safetensors.Entry> entries = new ArrayList<>();
        StateTree.leaves(state).forEach((p, leaf) -> entries.add(leaf.encode(p)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        identity.forEach((k, v) -> meta.put("id." + k, v));
        extra.forEach((k, v) -> meta.put("x." + k, v));
        Safetensors.write(file, entries, meta);
    }

    /**
     * Checks the checkpoint at {@code file} against {@code learner} and {@code identity}, then restores the learner.
     *
     * @return the metadata
     * @throws IOException naming the file and what does not match; the learner is unchanged then
     */
    public static Meta load(Path file, Learner learner, Map<String, String> identity) throws IOException {
        Safetensors.Contents c;
        try {
            c = Safetensors.read(file);
        } catch (NoSuchFileException e) {
            throw new IOException("no checkpoint to resume from: " + file + " does not exist");
        }
        Map<String, String> meta = c.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(file + ": not a Gradus RL checkpoint (format=" + meta.get("format") + ")");
        }
        if (!Integer.toString(VERSION).equals(meta.get("format_version"))) {
            throw new IOException(file + ": RL checkpoint format version " + meta.get("format_version")
                    + " is not supported; this Gradus reads version " + VERSION);
        }
        Map<String, String> savedId = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (k.startsWith("id.")) {
                savedId.put(k.substring(3), v);
            } else if (k.startsWith("x.")) {
                extra.put(k.substring(2), v);
            }
        });
        for (Map.Entry<String, String> e : identity.entrySet()) {
            String saved = savedId.get(e.getKey());
            if (!e.getValue().equals(saved)) {
                throw new IOException(file + ": the checkpoint is of another run: " + e.getKey() + " is " + saved
                        + " there, " + e.getValue() + " here");
            }
        }
        OptState copy = learner.state();
        Map<String, StateLeaf> leaves = StateTree.leaves(copy);
        Map<String, Safetensors.Entry> entries = c.entries();
        List<String> problems = new ArrayList<>();
        Map<String, StateLeaf> decoded = new LinkedHashMap<>();
        for (Map.Entry<String, StateLeaf> l : leaves.entrySet()) {
            Safetensors.Entry e = entries.get(l.getKey());
            if (e == null) {
                problems.add("missing " + l.getKey());
                continue;
            }
            try {
                decoded.put(l.getKey(), l.getValue().decode(e));
            } catch (IllegalArgumentException bad) {
                problems.add(l.getKey() + " " + bad.getMessage());
            }
        }
        for (String name : entries.keySet()) {
            if (!leaves.containsKey(name)) {
                problems.add("extra " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new IOException(file + ": the checkpoint does not match this run's state: "
                    + String.join("; ", problems.subList(0, Math.min(10, problems.size())))
                    + (problems.size() > 10 ? "; ..." : ""));
        }
        try {
            decoded.forEach((p, leaf) -> leaves.get(p).restore(leaf));
            learner.restore(copy);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the checkpoint does not fit this run: " + e.getMessage(), e);
        }
        return new Meta(savedId, extra);
    }
}
