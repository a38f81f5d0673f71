package dev.gradus.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code results.json}:
 *
 * <pre>
 * {"gradus_version": ..., "preset": "quick", "seed": null, "seeds": null,
 *  "provenance": {"version", "commit", "jvm", "blas", "os", "date", "wall_seconds"},
 *  "experiments": [{"id", "paper", "claim", "verdict", "criterion", "metrics", "plots", "seconds",
 *                   "reference", "link", "seeding", "seeds": [0, 1, ...], "scale_down": {"paper", "here", "why"},
 *                   "claims": [{"id", "statement", "verdict", "rule", "why", "deciding",
 *                               "subject": {judgement}, "control": {judgement} | null, "control_why",
 *                               "paper_form": {judgement} | null, "precondition": {judgement} | null}],
 *                   "seed_outcomes": [{"seed", "status", "message", "seconds", "metrics", "notes"}],
 *                   "key_metrics", "checks", "series", "error"}]}
 * </pre>
 *
 * <p>A judgement is {@code {"subject", "criterion", "decision", "deciding", "seeds": [{"seed", "verdict", "note",
 * "checks": [{"clause", "measured", "verdict"}]}], "median_checks": [...]}}. The top-level {@code seed} is the
 * first seed given for all experiments, or null when each ran from its own default (then see each experiment's
 * {@code seeds}). Metrics that are NaN or infinite become null, since JSON has no such numbers.
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
        if (report.seeds() == null) {
            root.putNull("seeds");
        } else {
            root.put("seeds", report.seeds());
        }
        Provenance p = report.provenance();
        root.putObject("provenance").put("version", p.version()).put("commit", p.commit()).put("jvm", p.jvm())
                .put("blas", p.blas()).put("os", p.os()).put("date", p.date())
                .put("wall_seconds", Math.round(report.seconds() * 1000) / 1000.0);
        ArrayNode list = root.putArray("experiments");
        for (ExperimentRun r : report.experiments()) {
            ObjectNode e = list.addObject();
            e.put("id", r.id());
            e.put("paper", r.paper());
            e.put("claim", r.claim());
            e.put("verdict", r.verdict().name());
            e.put("criterion", r.criterion());
            metrics(e.putObject("metrics"), r.metrics());
            ArrayNode plots = e.putArray("plots");
            r.plots().forEach(plots::add);
            e.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
            e.put("reference", r.reference());
            e.put("link", r.link());
            e.put("seeding", r.seeding());
            ArrayNode seeds = e.putArray("seeds");
            r.seeds().forEach(seeds::add);
            if (r.scaleDown() == null) {
                e.putNull("scale_down");
            } else {
                e.putObject("scale_down").put("paper", r.scaleDown().paper()).put("here", r.scaleDown().here())
                        .put("why", r.scaleDown().why());
            }
            ArrayNode claims = e.putArray("claims");
            for (ClaimResult c : r.claims()) {
                ObjectNode cn = claims.addObject();
                cn.put("id", c.id()).put("statement", c.statement()).put("verdict", c.verdict().name())
                        .put("rule", c.rule()).put("why", c.why()).put("deciding", c.deciding());
                judgement(cn, "subject", c.subject());
                judgement(cn, "control", c.control());
                cn.put("control_why", c.controlWhy());
                judgement(cn, "paper_form", c.paperForm());
                judgement(cn, "precondition", c.precondition());
            }
            ArrayNode outcomes = e.putArray("seed_outcomes");
            for (SeedOutcome o : r.seedOutcomes()) {
                ObjectNode on = outcomes.addObject();
                on.put("seed", o.seed()).put("status", o.status().name()).put("message", o.message())
                        .put("seconds", Math.round(o.seconds() * 1000) / 1000.0);
                metrics(on.putObject("metrics"), o.metrics());
                ArrayNode notes = on.putArray("notes");
                o.notes().forEach(notes::add);
            }
            ArrayNode keys = e.putArray("key_metrics");
            r.keyMetrics().forEach(keys::add);
            checks(e.putArray("checks"), r.checks());
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

    private static void judgement(ObjectNode parent, String field, Judgement j) {
        if (j == null) {
            parent.putNull(field);
            return;
        }
        ObjectNode n = parent.putObject(field);
        n.put("subject", j.subject()).put("criterion", j.criterion()).put("decision", j.decision().name())
                .put("deciding", j.deciding());
        ArrayNode seeds = n.putArray("seeds");
        for (Judgement.SeedCheck s : j.seeds()) {
            ObjectNode sn = seeds.addObject();
            sn.put("seed", s.seed()).put("verdict", s.verdict().name()).put("note", s.note());
            checks(sn.putArray("checks"), s.checks());
        }
        checks(n.putArray("median_checks"), j.medianChecks());
    }

    private static void checks(ArrayNode out, List<Check> checks) {
        for (Check c : checks) {
            out.addObject().put("clause", c.clause()).put("measured", c.measured()).put("verdict", c.verdict().name());
        }
    }

    private static void metrics(ObjectNode out, Map<String, Double> metrics) {
        for (Map.Entry<String, Double> m : metrics.entrySet()) {
            double v = m.getValue();
            if (Double.isFinite(v)) {
                out.put(m.getKey(), v);
            } else {
                out.putNull(m.getKey());
            }
        }
    }
}
