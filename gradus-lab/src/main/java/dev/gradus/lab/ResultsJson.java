package dev.gradus.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes {@code results.json}:
 *
 * <pre>
 * {"gradus_version": ..., "preset": "quick", "seed": null,
 *  "experiments": [{"id": ..., "paper": ..., "claim": ..., "verdict": "REPRODUCED", "criterion": ...,
 *                   "metrics": {"name": number, ...}, "plots": ["id/file.png", ...], "seconds": ...,
 *                   "reference": ..., "seed": 0, "key_metrics": [...], "checks": [...], "series": [...],
 *                   "error": null}]}
 * </pre>
 *
 * <p>The first eight fields of an experiment are the schema of the lab issue; the rest add what a reader of the
 * file needs to rerun or audit it. The top-level {@code seed} is the seed given for all experiments, or null when
 * each ran with its own default (then see each experiment's {@code seed}). Metrics that are NaN or infinite
 * become null, since JSON has no such numbers.
 */
final class ResultsJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {}

    static void write(LabReport report, Path file) throws IOException {
        AtomicFiles.write(file, JSON.writeValueAsBytes(toJson(report)));
    }

    static ObjectNode toJson(LabReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("gradus_version", report.gradusVersion());
        root.put("preset", report.preset().label());
        if (report.seed() == null) {
            root.putNull("seed");
        } else {
            root.put("seed", report.seed());
        }
        ArrayNode list = root.putArray("experiments");
        for (ExperimentRun r : report.experiments()) {
            ObjectNode e = list.addObject();
            e.put("id", r.id());
            e.put("paper", r.paper());
            e.put("claim", r.claim());
            e.put("verdict", r.verdict().name());
            e.put("criterion", r.criterion());
            ObjectNode metrics = e.putObject("metrics");
            for (Map.Entry<String, Double> m : r.metrics().entrySet()) {
                double v = m.getValue();
                if (Double.isFinite(v)) {
                    metrics.put(m.getKey(), v);
                } else {
                    metrics.putNull(m.getKey());
                }
            }
            ArrayNode plots = e.putArray("plots");
            r.plots().forEach(plots::add);
            e.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
            e.put("reference", r.reference());
            e.put("seed", r.seed());
            ArrayNode keys = e.putArray("key_metrics");
            r.keyMetrics().forEach(keys::add);
            ArrayNode checks = e.putArray("checks");
            for (Check c : r.checks()) {
                checks.addObject().put("clause", c.clause()).put("measured", c.measured())
                        .put("verdict", c.verdict().name());
            }
            ArrayNode series = e.putArray("series");
            r.series().forEach(series::add);
            if (r.error() == null) {
                e.putNull("error");
            } else {
                e.put("error", r.error());
            }
        }
        return root;
    }
}
