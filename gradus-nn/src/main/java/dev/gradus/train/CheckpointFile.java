package dev.gradus.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.state.StateFile;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes and reads a {@link Checkpoint} in a directory, as two safetensors files that PyTorch can open:
 *
 * <ul>
 *   <li>{@code checkpoint.safetensors}: the model's state dict under its own names (so the file loads into
 *       the same model in PyTorch), and in the {@code __metadata__}: {@code format = gradus-checkpoint},
 *       {@code format_version = 1}, {@code trainer} (JSON: step, epoch, batch, partial metrics, seconds,
 *       stop reason, history, identity, random stream positions), {@code optimizer_file} and
 *       {@code optimizer_sha256} (which optimizer state file belongs to it, and its hash), and {@code sha256},
 *       a hash over the trainer JSON and every tensor's name, shape and bytes.</li>
 *   <li>{@code checkpoint-optimizer-STEP.safetensors}: the optimizer state in the format of
 *       {@link StateFile}.</li>
 *   <li>{@code checkpoint-step-STEP.safetensors}, when the training step keeps state (a privacy accountant,
 *       error-feedback residuals): that state tree ({@link StateFile#saveTree}), named with its hash in the main
 *       file's {@code step_file} and {@code step_sha256}.</li>
 * </ul>
 *
 * <p><b>Atomic.</b> The optimizer file is written first under a name of its own step, then the main file,
 * each to a temporary file renamed into place; only then are older optimizer files removed. Whenever the
 * process dies, {@code checkpoint.safetensors} names a complete optimizer file whose hash it holds.
 *
 * <p><b>Refused, never half-loaded.</b> {@link #load} reads and checks everything (structure, both hashes,
 * format version, model names and shapes, random stream names, optimizer state structure and the run's
 * identity) before it returns; the trainer applies the checkpoint only after that, so a bad file changes
 * nothing. Each refusal is a {@link CheckpointException} naming the file and the problem.
 */
public final class CheckpointFile {
    /** The name of the main file in the checkpoint directory. */
    public static final String FILE = "checkpoint.safetensors";
    /** The value of the {@code format} metadata key. */
    public static final String FORMAT = "gradus-checkpoint";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    private static final String OPTIMIZER_PREFIX = "checkpoint-optimizer-";
    private static final String STEP_PREFIX = "checkpoint-step-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {}

    /** The main file of the checkpoint in {@code dir}. */
    public static Path path(Path dir) {
        return dir.resolve(FILE);
    }

    /** True when {@code dir} holds a checkpoint (it may still be refused by {@link #load}). */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(path(dir));
    }

    /** Writes {@code c} into {@code dir}, atomically (see the class comment). */
    public static void save(Path dir, Checkpoint c, GradientTransformation optimizer) throws IOException {
        Files.createDirectories(dir);
        String optimizerFile = OPTIMIZER_PREFIX + c.step() + ".safetensors";
        Path opt = dir.resolve(optimizerFile);
        StateFile.save(opt, optimizer, c.optimizerState());
        boolean hasStepState = !StateTree.leaves(c.stepState()).isEmpty();
        String stepFile = STEP_PREFIX + c.step() + ".safetensors";
        if (hasStepState) {
            StateFile.saveTree(dir.resolve(stepFile), c.stepState(), Map.of("format", "gradus-train-step"));
        }
        String trainer = trainerJson(c);
        List<Safetensors.Entry> entries = new ArrayList<>();
        c.model().forEach((name, t) -> entries.add(Safetensors.f64(name, t)));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        meta.put("trainer", trainer);
        meta.put("optimizer_file", optimizerFile);
        meta.put("optimizer_sha256", sha256(Files.readAllBytes(opt)));
        if (hasStepState) {
            meta.put("step_file", stepFile);
            meta.put("step_sha256", sha256(Files.readAllBytes(dir.resolve(stepFile))));
        }
        meta.put("sha256", digest(trainer, entries));
        try {
            Safetensors.write(path(dir), entries, meta);
        } catch (IOException e) {
            // The main file still names the previous state files (or none): the ones just written belong to nothing.
            String kept = referencedOptimizerFile(dir);
            if (!optimizerFile.equals(kept)) {
                Files.deleteIfExists(opt);
                if (hasStepState) {
                    Files.deleteIfExists(dir.resolve(stepFile));
                }
            }
            throw e;
        }
        removeOthers(dir, OPTIMIZER_PREFIX, optimizerFile);
        removeOthers(dir, STEP_PREFIX, hasStepState ? stepFile : null);
    }

    /** The optimizer file that the main file in {@code dir} names, or null when there is none or it is unreadable. */
    private static String referencedOptimizerFile(Path dir) {
        try {
            return Files.exists(path(dir)) ? Safetensors.read(path(dir)).metadata().get("optimizer_file") : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Deletes the files {@code prefix*.safetensors} in {@code dir} other than {@code keep}. */
    private static void removeOthers(Path dir, String prefix, String keep) throws IOException {
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, prefix + "*.safetensors")) {
            for (Path p : old) {
                if (!p.getFileName().toString().equals(keep)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Reads and fully validates the checkpoint in {@code dir} for a run with the given model, optimizer and
     * identity. Nothing is changed by this call.
     *
     * @param modelState the model's current state dict (only names and shapes are used)
     * @param randomStreams the names of the model's random streams
     * @param optimizer the optimizer the state must belong to
     * @param params the trainable parameters the optimizer state is keyed by (only names and shapes are used)
     * @param identity what this run is; every entry must equal the checkpoint's
     * @param stepTemplate a fresh state of the training step ({@link TrainStep#init}), giving its structure
     * @throws CheckpointException naming the file and what is wrong
     */
    public static Checkpoint load(Path dir, TensorMap modelState, Set<String> randomStreams,
            GradientTransformation optimizer, TensorMap params, Map<String, String> identity, OptState stepTemplate)
            throws CheckpointException {
        Path main = path(dir);
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(main);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("no checkpoint to resume from: " + main + " does not exist");
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + main + " is damaged: " + e.getMessage(), e);
        }
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new CheckpointException(main + " is not a Gradus checkpoint (format=" + meta.get("format")
                    + ", expected " + FORMAT + ")");
        }
        int version = parseVersion(meta.get("format_version"));
        if (version >= 0 && version < VERSION) {
            throw new CheckpointException(main + " was written by an older Gradus (checkpoint format version "
                    + version + "); this Gradus reads version " + VERSION + " only: start a new run in another"
                    + " directory, or resume with the Gradus that wrote it");
        }
        if (version > VERSION) {
            throw new CheckpointException(main + " was written by a newer Gradus (checkpoint format version "
                    + version + "); this Gradus reads version " + VERSION + ": resume with a newer Gradus");
        }
        if (!Integer.toString(VERSION).equals(meta.get("format_version"))) {
            throw new CheckpointException(main + ": checkpoint format version " + meta.get("format_version")
                    + " is not supported; this Gradus reads version " + VERSION);
        }
        String trainer = meta.get("trainer");
        String optimizerFile = meta.get("optimizer_file");
        if (trainer == null || optimizerFile == null || meta.get("sha256") == null
                || meta.get("optimizer_sha256") == null || !optimizerFile.startsWith(OPTIMIZER_PREFIX)
                || optimizerFile.contains("/") || optimizerFile.contains("\\")) {
            throw new CheckpointException("checkpoint " + main + " is damaged: its metadata lacks trainer, "
                    + "optimizer_file, optimizer_sha256 or sha256");
        }
        List<Safetensors.Entry> entries = new ArrayList<>(contents.entries().values());
        if (!digest(trainer, entries).equals(meta.get("sha256"))) {
            throw new CheckpointException("checkpoint " + main + " is damaged: its contents do not match the hash "
                    + "recorded when it was written (bytes were changed)");
        }
        Path opt = dir.resolve(optimizerFile);
        try {
            if (!sha256(Files.readAllBytes(opt)).equals(meta.get("optimizer_sha256"))) {
                throw new CheckpointException("checkpoint " + main + ": the optimizer state " + opt
                        + " is damaged: it does not match the hash recorded in the checkpoint");
            }
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + main + ": its optimizer state " + opt + " is missing");
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + main + ": cannot read " + opt + ": " + e.getMessage(), e);
        }

        TensorMap model = contents.tensors();
        try {
            modelState.requireSameStructure("checkpoint " + main + " was made for another model", model);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(e.getMessage());
        }
        JsonNode t;
        try {
            t = JSON.readTree(trainer);
        } catch (JsonProcessingException e) {
            throw new CheckpointException("checkpoint " + main + " is damaged: trainer metadata is not JSON: "
                    + e.getOriginalMessage());
        }
        try {
            checkIdentity(main, identity, t.path("identity"));
            Map<String, long[]> rng = randomStates(main, t.path("random_states"), randomStreams);
            OptState state;
            try {
                state = StateFile.load(opt, optimizer, params);
            } catch (IOException e) {
                throw new CheckpointException("checkpoint " + main + ": " + e.getMessage(), e);
            }
            OptState stepState = loadStepState(dir, main, meta, stepTemplate);
            List<EpochMetrics> history = new ArrayList<>();
            for (JsonNode h : t.path("history")) {
                Map<String, Double> extras = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = h.path("extras").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    extras.put(e.getKey(), number(e.getValue()));
                }
                history.add(new EpochMetrics(h.path("epoch").asInt(), h.path("step").asLong(),
                        number(h.path("train_loss")), number(h.path("train_accuracy")), number(h.path("val_loss")),
                        number(h.path("val_accuracy")), number(h.path("seconds")), extras));
            }
            Map<String, String> savedIdentity = new LinkedHashMap<>();
            t.path("identity").fields().forEachRemaining(e -> savedIdentity.put(e.getKey(), e.getValue().asText()));
            return new Checkpoint(require(main, t, "step").asLong(), require(main, t, "epoch").asInt(),
                    require(main, t, "batch").asInt(), number(t.path("loss_sum")), t.path("correct").asLong(),
                    t.path("seen").asLong(), number(t.path("seconds")),
                    t.path("stop_reason").isTextual() ? t.path("stop_reason").asText() : null, history, savedIdentity,
                    model, rng, state, stepState);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException("checkpoint " + main + " is damaged: " + e.getMessage(), e);
        }
    }

    /** The training step's state: from its file when the step keeps any (checked against its hash), else the template. */
    private static OptState loadStepState(Path dir, Path main, Map<String, String> meta, OptState template)
            throws CheckpointException {
        boolean expected = !StateTree.leaves(template).isEmpty();
        String file = meta.get("step_file");
        if (!expected) {
            if (file != null) {
                throw new CheckpointException("checkpoint " + main + " holds a training step's state (" + file
                        + "), but this run's step keeps none: it was written by another kind of training");
            }
            return template;
        }
        if (file == null || meta.get("step_sha256") == null || !file.startsWith(STEP_PREFIX) || file.contains("/")
                || file.contains("\\")) {
            throw new CheckpointException("checkpoint " + main + " holds no training step state, but this run's step "
                    + "keeps one: it was written by another kind of training");
        }
        Path p = dir.resolve(file);
        try {
            if (!sha256(Files.readAllBytes(p)).equals(meta.get("step_sha256"))) {
                throw new CheckpointException("checkpoint " + main + ": the training step state " + p
                        + " is damaged: it does not match the hash recorded in the checkpoint");
            }
            return StateFile.loadTree(p, template);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("checkpoint " + main + ": its training step state " + p + " is missing");
        } catch (IOException e) {
            throw new CheckpointException("checkpoint " + main + ": " + e.getMessage(), e);
        }
    }

    /** The format version, or -1 when it is missing or not a number. */
    private static int parseVersion(String v) {
        try {
            return v == null ? -1 : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void checkIdentity(Path main, Map<String, String> expected, JsonNode saved)
            throws CheckpointException {
        List<String> unrecorded = new ArrayList<>();
        for (String k : new TreeSet<>(expected.keySet())) {
            if (!saved.has(k)) {
                unrecorded.add(k);
            }
        }
        boolean othersAgree = true;
        for (String k : expected.keySet()) {
            othersAgree &= !saved.has(k) || expected.get(k).equals(saved.get(k).asText());
        }
        for (Iterator<String> it = saved.fieldNames(); it.hasNext(); ) {
            othersAgree &= expected.containsKey(it.next());
        }
        if (!unrecorded.isEmpty() && othersAgree) {
            // Everything it recorded agrees; it only lacks what newer builds record: an older writer, not another run.
            throw new CheckpointException("checkpoint " + main + " was written by an older Gradus, which did not"
                    + " record " + String.join(", ", unrecorded) + "; this Gradus cannot check that the run is the same"
                    + " and refuses to resume it: start a new run in another directory");
        }
        List<String> differences = new ArrayList<>();
        Set<String> keys = new TreeSet<>(expected.keySet());
        saved.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
            String now = expected.get(k);
            String then = saved.has(k) ? saved.get(k).asText() : null;
            if (now == null || !now.equals(then)) {
                differences.add(k + " was " + (then == null ? "not set" : "'" + then + "'") + " in the checkpoint but is "
                        + (now == null ? "not set" : "'" + now + "'") + " now");
            }
        }
        if (!differences.isEmpty()) {
            throw new CheckpointException("checkpoint " + main + " belongs to a different run: "
                    + String.join("; ", differences));
        }
    }

    private static Map<String, long[]> randomStates(Path main, JsonNode node, Set<String> expected)
            throws CheckpointException {
        Map<String, long[]> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isArray() || v.size() != 2 || !v.get(0).canConvertToLong() || !v.get(1).canConvertToLong()
                    || (v.get(1).asLong() & 1L) == 0) {
                throw new CheckpointException("checkpoint " + main + " is damaged: random state '" + e.getKey()
                        + "' is not two longs with an odd gamma");
            }
            out.put(e.getKey(), new long[] {v.get(0).asLong(), v.get(1).asLong()});
        }
        if (!out.keySet().equals(expected)) {
            Set<String> missing = new TreeSet<>(expected);
            missing.removeAll(out.keySet());
            Set<String> extra = new TreeSet<>(out.keySet());
            extra.removeAll(expected);
            throw new CheckpointException("checkpoint " + main + " was made for another model: random streams "
                    + "do not match" + (missing.isEmpty() ? "" : "; missing: " + String.join(", ", missing))
                    + (extra.isEmpty() ? "" : "; extra: " + String.join(", ", extra)));
        }
        return out;
    }

    private static JsonNode require(Path main, JsonNode t, String field) throws CheckpointException {
        JsonNode v = t.get(field);
        if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
            throw new CheckpointException("checkpoint " + main + " is damaged: trainer metadata lacks a valid '"
                    + field + "'");
        }
        return v;
    }

    private static String trainerJson(Checkpoint c) {
        ObjectNode t = JSON.createObjectNode();
        t.put("step", c.step());
        t.put("epoch", c.epoch());
        t.put("batch", c.batch());
        putNumber(t, "loss_sum", c.lossSum());
        t.put("correct", c.correct());
        t.put("seen", c.seen());
        putNumber(t, "seconds", c.seconds());
        if (c.stopReason() != null) {
            t.put("stop_reason", c.stopReason());
        }
        ObjectNode id = t.putObject("identity");
        c.identity().forEach(id::put);
        ObjectNode rng = t.putObject("random_states");
        c.randomStates().forEach((k, v) -> rng.putArray(k).add(v[0]).add(v[1]));
        ArrayNode history = t.putArray("history");
        for (EpochMetrics m : c.history()) {
            ObjectNode h = history.addObject();
            h.put("epoch", m.epoch());
            h.put("step", m.step());
            putNumber(h, "train_loss", m.trainLoss());
            putNumber(h, "train_accuracy", m.trainAccuracy());
            putNumber(h, "val_loss", m.valLoss());
            putNumber(h, "val_accuracy", m.valAccuracy());
            putNumber(h, "seconds", m.seconds());
            ObjectNode extras = h.putObject("extras");
            m.extras().forEach((k, v) -> putNumber(extras, k, v));
        }
        try {
            return JSON.writeValueAsString(t);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    // JSON has no NaN or infinities; a metric that does not apply is null.
    private static void putNumber(ObjectNode o, String name, double v) {
        if (Double.isFinite(v)) {
            o.put(name, v);
        } else if (Double.isNaN(v)) {
            o.putNull(name);
        } else {
            o.put(name, v > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static double number(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return Double.NaN;
        }
        if (v.isTextual()) {
            return Double.parseDouble(v.asText());
        }
        if (!v.isNumber()) {
            throw new IllegalArgumentException("expected a number, found " + v);
        }
        return v.asDouble();
    }

    /** SHA-256 over the trainer JSON and each tensor's name, dtype, shape and bytes, in file order. */
    private static String digest(String trainer, List<Safetensors.Entry> entries) {
        MessageDigest md = sha256();
        md.update(trainer.getBytes(StandardCharsets.UTF_8));
        for (Safetensors.Entry e : entries) {
            md.update((byte) 0);
            md.update(e.name().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(e.dtype().name().getBytes(StandardCharsets.UTF_8));
            for (int d : e.shape()) {
                md.update(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
            }
            md.update(e.data().duplicate());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** The SHA-256 of {@code bytes} as lower-case hex. */
    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
