package dev.gradus.optim.state;

import dev.gradus.optim.Counted;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads optimizer state as one safetensors file.
 *
 * <p><b>Format, version 1.</b> Every leaf of the state ({@link StateTree}) is one tensor named by its
 * path, as the leaf encodes itself ({@link StateLeaf#encode}): tensors as {@code F64} with their shape, step
 * counters as {@code I64} scalars, other scalars as {@code F64} scalars, random streams as {@code I64[2]}
 * (seed, gamma), and a module's own leaves as they choose. The safetensors
 * {@code __metadata__} (the JSON header) holds {@code format = "gradus-optstate"},
 * {@code format_version = "1"}, {@code spec} (the optimizer's spec, or empty when it has none) and
 * {@code step} (the state's step count). The file loads in PyTorch with
 * {@code safetensors.torch.load_file}.
 *
 * <p><b>Loading</b> is {@code init(params)} and then filling every value by path, so the structure is
 * checked, not trusted: a file whose paths or shapes differ from what the optimizer creates for these
 * parameters is refused with the lists of missing, extra and wrongly-shaped names; a newer format
 * version or a damaged file is refused as well. Everything is validated before the new state is built,
 * and loading returns a new state, so a failed load changes nothing.
 *
 * <p><b>Saving</b> writes a temporary file and renames it over the target, so an interrupted save
 * leaves the previous file intact.
 *
 * <pre>{@code
 * StateFile.save(path, opt, state);
 * OptState resumed = StateFile.load(path, opt, params);   // continue exactly where the run stopped
 * }</pre>
 */
public final class StateFile {
    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "gradus-optstate";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    private static final int LIST_LIMIT = 20;

    private StateFile() {}

    /** What a state file says about itself. */
    public record Header(int version, String spec, long step) {}

    /** A state loaded together with the optimizer rebuilt from the file's spec. */
    public record Loaded(GradientTransformation transformation, OptState state, Header header) {}

    /** Saves {@code state} of {@code transformation} (whose spec is recorded when it has one). */
    public static void save(Path path, GradientTransformation transformation, OptState state) throws IOException {
        Map<String, StateLeaf> leaves = StateTree.leaves(state);
        List<Safetensors.Entry> entries = new ArrayList<>(leaves.size());
        leaves.forEach((p, leaf) -> entries.add(leaf.encode(p)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        meta.put("spec", Specs.printable(transformation) ? Specs.print(transformation) : "");
        meta.put("step", Long.toString(step(state, leaves)));
        Safetensors.write(path, entries, meta);
    }

    /**
     * Saves any state tree (a training step's state, a search's population) with {@code metadata}: the leaves as
     * {@link #save} writes them, without an optimizer spec. {@link #loadTree} reads it back.
     */
    public static void saveTree(Path path, OptState state, Map<String, String> metadata) throws IOException {
        Map<String, StateLeaf> leaves = StateTree.leaves(state);
        List<Safetensors.Entry> entries = new ArrayList<>(leaves.size());
        leaves.forEach((p, leaf) -> entries.add(leaf.encode(p)));
        Safetensors.write(path, entries, metadata);
    }

    /**
     * Loads a state tree saved by {@link #saveTree} into the structure of {@code template} (which is not changed),
     * refusing a file whose paths or shapes differ with the lists of missing, extra and ill-fitting paths.
     */
    public static OptState loadTree(Path path, OptState template) throws IOException {
        Safetensors.Contents contents = Safetensors.read(path);
        Map<String, StateLeaf> decoded = decode(path, StateTree.leaves(template), contents.entries());
        return StateTree.rebuild(template, (p, t) -> decoded.get(p));
    }

    /** Reads only the header (format version, spec, step), validating the file. */
    public static Header header(Path path) throws IOException {
        return header(path, Safetensors.read(path));
    }

    /**
     * Loads the state saved at {@code path} for {@code transformation} over {@code params}.
     *
     * @throws IOException for a missing, damaged, foreign or newer-version file, or one whose structure
     *     does not match (the message lists the missing, extra and wrongly-shaped paths)
     */
    public static OptState load(Path path, GradientTransformation transformation, TensorMap params) throws IOException {
        Safetensors.Contents contents = Safetensors.read(path);
        header(path, contents);
        OptState template = transformation.init(params);
        Map<String, StateLeaf> leaves = StateTree.leaves(template);
        Map<String, StateLeaf> decoded = decode(path, leaves, contents.entries());
        return StateTree.rebuild(template, (p, t) -> decoded.get(p));
    }

    /** Loads a state and rebuilds its optimizer from the spec recorded in the file. */
    public static Loaded load(Path path, TensorMap params) throws IOException {
        Header h = header(path);
        if (h.spec().isEmpty()) {
            throw new IOException(path + ": the optimizer that saved this state has no spec; load it with "
                    + "StateFile.load(path, optimizer, params)");
        }
        GradientTransformation t = Specs.transformation(h.spec());
        return new Loaded(t, load(path, t, params), h);
    }

    private static Header header(Path path, Safetensors.Contents contents) throws IOException {
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new IOException(path + ": not a Gradus optimizer state file (its metadata has format="
                    + meta.get("format") + ", expected " + FORMAT + ")");
        }
        int version;
        long step;
        try {
            version = Integer.parseInt(meta.getOrDefault("format_version", ""));
            step = Long.parseLong(meta.getOrDefault("step", "0"));
        } catch (NumberFormatException e) {
            throw new IOException(path + ": damaged optimizer state header: format_version="
                    + meta.get("format_version") + ", step=" + meta.get("step"));
        }
        if (version != VERSION) {
            throw new IOException(path + ": optimizer state format version " + version + " is not supported; this "
                    + "Gradus reads version " + VERSION);
        }
        return new Header(version, meta.getOrDefault("spec", ""), step);
    }

    /** Every leaf decoded from its entry; or an error listing every missing, extra and ill-fitting path. */
    private static Map<String, StateLeaf> decode(Path path, Map<String, StateLeaf> leaves,
            Map<String, Safetensors.Entry> entries) throws IOException {
        Map<String, StateLeaf> decoded = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, StateLeaf> l : leaves.entrySet()) {
            Safetensors.Entry e = entries.get(l.getKey());
            if (e == null) {
                missing.add(l.getKey());
                continue;
            }
            try {
                decoded.put(l.getKey(), l.getValue().decode(e));
            } catch (IllegalArgumentException bad) {
                wrong.add(l.getKey() + " " + bad.getMessage());
            }
        }
        List<String> extra = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (!leaves.containsKey(name)) {
                extra.add(name);
            }
        }
        if (missing.isEmpty() && extra.isEmpty() && wrong.isEmpty()) {
            return decoded;
        }
        StringBuilder msg = new StringBuilder(path.toString()).append(": saved state does not match this optimizer "
                + "and these parameters");
        append(msg, "missing", missing);
        append(msg, "extra", extra);
        append(msg, "wrong shape", wrong);
        throw new IOException(msg.toString());
    }

    private static void append(StringBuilder msg, String what, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        msg.append("; ").append(what).append(" (").append(names.size()).append("): ")
                .append(String.join(", ", names.subList(0, Math.min(LIST_LIMIT, names.size()))));
        if (names.size() > LIST_LIMIT) {
            msg.append(", ...");
        }
    }

    private static long step(OptState state, Map<String, StateLeaf> leaves) {
        if (state instanceof Counted c) {
            return c.count().get();
        }
        for (Map.Entry<String, StateLeaf> l : leaves.entrySet()) {
            if (l.getValue() instanceof Counter c && (l.getKey().equals("count") || l.getKey().endsWith("/count"))) {
                return c.get();
            }
        }
        return 0;
    }
}
