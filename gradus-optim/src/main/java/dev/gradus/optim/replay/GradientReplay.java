package dev.gradus.optim.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.optim.Capability;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Replays recorded gradients through an optimizer and compares the parameters after every step with
 * those another implementation produced, so Gradus can be checked against PyTorch (or anything else)
 * without sharing model code.
 *
 * <p>The file format (JSON):
 * <pre>
 * { "optimizer": "adam(lr=0.01, ...)",  "reference": "torch.optim.Adam, PyTorch 1.13.1",  "seed": 1003,
 *   "params": { "layer.weight": {"shape": [4, 16], "data": [...]}, ... },        (initial values, row-major)
 *   "steps":  [ { "grads": {"layer.weight": [...], ...}, "params": {...after the step...} }, ... ] }
 * </pre>
 * {@code steps[i].params} may be absent, and then nothing is compared. An element matches when
 * {@code |actual - expected| <= rtol * max(|expected|, 1e-6)}.
 */
public final class GradientReplay {
    /** The floor of the relative error's denominator, so that values near zero compare absolutely. */
    public static final double FLOOR = 1e-6;

    private static final ObjectMapper JSON = new ObjectMapper();

    private GradientReplay() {}

    /** One recorded step: the gradients fed in, and the parameters expected after it (or null). */
    public record Step(TensorMap grads, TensorMap expected) {}

    /** A recording: the optimizer spec and reference it came from, the initial parameters and the steps. */
    public record Recording(String source, String optimizer, String reference, long seed, TensorMap params,
            List<Step> steps) {}

    /** The worst element over the whole replay. */
    public record Deviation(int step, String param, int index, double expected, double actual, double relative) {}

    /**
     * The outcome: the number of steps replayed and compared, the worst deviation (null when nothing
     * was compared), whether every compared element was within {@code rtol}, and the final parameters.
     */
    public record Result(int steps, int compared, Deviation worst, double rtol, boolean within, TensorMap params) {}

    /** Reads a recording; errors name the file and the JSON path of the problem. */
    public static Recording read(Path path) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(path));
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr() + ":"
                    + e.getLocation().getColumnNr();
            String message = e.getOriginalMessage().split("\n")[0];
            if (message.startsWith("Non-standard token")) {
                // Jackson's advice to enable a parser feature is for programmers, not for whoever wrote the file.
                message = message.replaceAll(": enable .*", "") + ": JSON has no NaN or Infinity, and a recording"
                        + " holds finite numbers only";
            }
            throw new IOException(path + at + ": not valid JSON: " + message);
        }
        return parse(path.toString(), root);
    }

    /** Parses a recording from its JSON tree; {@code source} names it in errors. */
    public static Recording parse(String source, JsonNode root) throws IOException {
        if (root == null || !root.isObject()) {
            throw new IOException(source + ": expected a JSON object with optimizer, params and steps");
        }
        TensorMap params = new TensorMap();
        JsonNode ps = require(source, root, "params");
        for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = "params." + e.getKey();
            JsonNode shapeNode = require(source + ": " + where, e.getValue(), "shape");
            int[] shape = new int[shapeNode.size()];
            for (int k = 0; k < shape.length; k++) {
                shape[k] = shapeNode.get(k).asInt();
            }
            double[] data = numbers(source, where + ".data", require(source + ": " + where, e.getValue(), "data"));
            try {
                params.put(e.getKey(), Tensor.of(data, shape));
            } catch (IllegalArgumentException ex) {
                throw new IOException(source + ": " + where + ": " + ex.getMessage());
            }
        }
        JsonNode stepsNode = require(source, root, "steps");
        List<Step> steps = new ArrayList<>();
        for (int k = 0; k < stepsNode.size(); k++) {
            JsonNode s = stepsNode.get(k);
            String where = "steps[" + k + "]";
            TensorMap grads = like(source, where + ".grads", require(source + ": " + where, s, "grads"), params);
            TensorMap expected = s.has("params") ? like(source, where + ".params", s.get("params"), params) : null;
            steps.add(new Step(grads, expected));
        }
        return new Recording(source, root.path("optimizer").asText(""), root.path("reference").asText(""),
                root.path("seed").asLong(0), params, steps);
    }

    /** Runs {@code optimizer} over the recording from its initial parameters and compares every step. */
    public static Result replay(Recording rec, GradientTransformation optimizer, double rtol) {
        Requirement.check(optimizer, java.util.EnumSet.noneOf(Capability.class),
                "a gradient replay (it has only the recorded gradients)");
        TensorMap params = rec.params().copy();
        OptState state = optimizer.init(params);
        Deviation worst = null;
        int compared = 0;
        boolean within = true;
        for (int k = 0; k < rec.steps().size(); k++) {
            Step s = rec.steps().get(k);
            optimizer.step(params, s.grads().copy(), state);
            if (s.expected() == null) {
                continue;
            }
            compared++;
            for (String name : params.names()) {
                double[] a = params.get(name).data();
                double[] e = s.expected().get(name).data();
                for (int i = 0; i < a.length; i++) {
                    double rel = Math.abs(a[i] - e[i]) / Math.max(Math.abs(e[i]), FLOOR);
                    if (!(rel <= rtol)) {
                        within = false;
                    }
                    if (worst == null || rel > worst.relative() || (Double.isNaN(rel) && !Double.isNaN(worst.relative()))) {
                        worst = new Deviation(k, name, i, e[i], a[i], rel);
                    }
                }
            }
        }
        return new Result(rec.steps().size(), compared, worst, rtol, within, params);
    }

    /** The result as JSON: spec, steps, rtol, within, and the worst deviation. */
    public static ObjectNode toJson(Recording rec, String spec, Result r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("input", rec.source());
        o.put("spec", spec);
        o.put("reference", rec.reference());
        o.put("steps", r.steps());
        o.put("compared_steps", r.compared());
        o.put("rtol", r.rtol());
        o.put("within_rtol", r.within());
        if (r.worst() != null) {
            ObjectNode w = o.putObject("worst");
            w.put("step", r.worst().step());
            w.put("param", r.worst().param());
            w.put("index", r.worst().index());
            w.put("expected", r.worst().expected());
            w.put("actual", r.worst().actual());
            w.put("relative_deviation", r.worst().relative());
        }
        ObjectNode fin = o.putObject("final_params");
        r.params().forEach((n, t) -> {
            ArrayNode a = fin.putArray(n);
            for (double v : t.data()) {
                a.add(v);
            }
        });
        return o;
    }

    private static TensorMap like(String source, String where, JsonNode node, TensorMap params) throws IOException {
        if (!node.isObject()) {
            throw new IOException(source + ": " + where + ": expected an object of parameter name to values");
        }
        TensorMap out = new TensorMap();
        for (String name : params.names()) {
            JsonNode v = node.get(name);
            if (v == null) {
                throw new IOException(source + ": " + where + ": missing '" + name + "'");
            }
            double[] data = numbers(source, where + "." + name, v);
            Tensor p = params.get(name);
            if (data.length != p.size()) {
                throw new IOException(source + ": " + where + "." + name + ": " + data.length + " values, expected "
                        + p.size());
            }
            out.put(name, Tensor.of(data, p.shape()));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String n = it.next();
            if (!params.contains(n)) {
                throw new IOException(source + ": " + where + ": '" + n + "' is not one of the parameters "
                        + params.names());
            }
        }
        return out;
    }

    private static double[] numbers(String source, String where, JsonNode node) throws IOException {
        if (!node.isArray()) {
            throw new IOException(source + ": " + where + ": expected an array of numbers");
        }
        double[] out = new double[node.size()];
        for (int k = 0; k < out.length; k++) {
            JsonNode x = node.get(k);
            if (!x.isNumber()) {
                throw new IOException(source + ": " + where + "[" + k + "]: expected a number, got " + x);
            }
            out[k] = x.asDouble();
        }
        return out;
    }

    private static JsonNode require(String where, JsonNode node, String field) throws IOException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new IOException(where + ": missing '" + field + "'");
        }
        return v;
    }
}
