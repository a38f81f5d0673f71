package dev.gradus.lab;

import dev.gradus.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code index.html}: one static page, no scripts, no server, no external resources. A summary table
 * ({@code id="summary"}, one body row per experiment) comes first, then one section per experiment with its
 * setup, a table of its numbers, the criterion checked clause by clause, its notes and its plots.
 *
 * <p>All text from experiments is HTML-escaped; paths come from validated ids and file names.
 */
final class HtmlReport {
    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;\
            max-width:1100px;padding:0 1rem;color:#222;line-height:1.45}
            h1{margin-bottom:.2rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd;padding-bottom:.3rem}
            h3{margin-bottom:.4rem}.meta{color:#555}
            table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border:1px solid #ddd;padding:.35rem .6rem;\
            text-align:left;vertical-align:top}th{background:#f4f4f4}td.num{font-family:ui-monospace,monospace;\
            text-align:right;white-space:nowrap}
            .verdict{font-weight:600;padding:.1rem .45rem;border-radius:.3rem;white-space:nowrap;font-size:.9em}
            .REPRODUCED{background:#d8f3dc;color:#1b5e20}.NOT_REPRODUCED{background:#ffe0e0;color:#8b0000}
            .INCONCLUSIVE{background:#fff3cd;color:#7a5d00}.FAILED{background:#8b0000;color:#fff}
            code{background:#f4f4f4;padding:.05rem .3rem;border-radius:.2rem}
            figure{display:inline-block;margin:.5rem 1rem .5rem 0}figure img{max-width:100%;border:1px solid #eee}
            figcaption{color:#666;font-size:.85em}pre{background:#f8f8f8;padding:.6rem;overflow-x:auto}
            .key{font-weight:600}
            """;

    private HtmlReport() {}

    static void write(LabReport report, Path file) throws IOException {
        AtomicFiles.write(file, render(report).getBytes(StandardCharsets.UTF_8));
    }

    static String render(LabReport r) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Gradus lab report</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        h.append("<h1>Gradus lab report</h1>\n<p class=\"meta\">gradus ").append(esc(r.gradusVersion()))
                .append(" &middot; preset ").append(esc(r.preset().label()))
                .append(" &middot; seed ").append(r.seed() == null ? "per experiment" : Long.toString(r.seed()))
                .append(" &middot; ").append(r.experiments().size()).append(" experiment")
                .append(r.experiments().size() == 1 ? "" : "s")
                .append(" &middot; ").append(Format.seconds(r.seconds())).append(" s")
                .append(" &middot; ").append(tally(r)).append("</p>\n");

        h.append("<table id=\"summary\">\n<thead><tr><th>Experiment</th><th>Paper</th><th>Claim</th><th>Verdict</th>")
                .append("<th>Key numbers</th><th>Time (s)</th></tr></thead>\n<tbody>\n");
        for (ExperimentRun e : r.experiments()) {
            h.append("<tr><td><a href=\"#").append(esc(e.id())).append("\">").append(esc(e.id())).append("</a></td>")
                    .append("<td>").append(esc(e.paper())).append("</td>")
                    .append("<td>").append(esc(e.claim())).append("</td>")
                    .append("<td>").append(badge(e.verdict())).append("</td><td>");
            if (e.error() != null) {
                h.append(esc(e.error()));
            } else {
                boolean first = true;
                for (String k : e.keyMetrics()) {
                    h.append(first ? "" : "<br>").append(esc(k)).append(" = ").append(esc(num(e.metrics().get(k))));
                    first = false;
                }
            }
            h.append("</td><td class=\"num\">").append(Format.seconds(e.seconds())).append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        for (ExperimentRun e : r.experiments()) {
            section(h, e);
        }
        h.append("<p class=\"meta\">Machine-readable results: <a href=\"results.json\">results.json</a>.</p>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    private static void section(StringBuilder h, ExperimentRun e) {
        h.append("<section id=\"").append(esc(e.id())).append("\">\n<h2>").append(esc(e.id())).append(' ')
                .append(badge(e.verdict())).append("</h2>\n");
        h.append("<p><b>Paper.</b> ").append(esc(e.paper())).append(". ").append(esc(e.reference())).append("</p>\n");
        h.append("<p><b>Claim.</b> ").append(esc(e.claim())).append("</p>\n");
        h.append("<p class=\"meta\">preset ").append(esc(e.preset().label())).append(" &middot; seed ")
                .append(e.seed()).append(" &middot; ").append(Format.seconds(e.seconds())).append(" s</p>\n");
        if (e.error() != null) {
            h.append("<h3>Error</h3>\n<p>").append(esc(e.error())).append("</p>\n<pre>")
                    .append(esc(e.errorDetail() == null ? "" : e.errorDetail())).append("</pre>\n");
        }
        if (!e.setup().isEmpty()) {
            h.append("<h3>Setup</h3>\n");
            paragraphs(h, e.setup());
        }
        if (!e.metrics().isEmpty()) {
            h.append("<h3>Numbers</h3>\n<table class=\"numbers\">\n<thead><tr><th>metric</th><th>value</th></tr>")
                    .append("</thead>\n<tbody>\n");
            for (Map.Entry<String, Double> m : e.metrics().entrySet()) {
                boolean key = e.keyMetrics().contains(m.getKey());
                h.append("<tr").append(key ? " class=\"key\"" : "").append("><td>").append(esc(m.getKey()))
                        .append("</td><td class=\"num\">").append(esc(num(m.getValue()))).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        if (!e.criterion().isEmpty()) {
            h.append("<h3>Criterion</h3>\n<p>").append(badge(e.verdict())).append(" when: <code>")
                    .append(esc(e.criterion())).append("</code></p>\n");
            h.append("<table class=\"checks\">\n<thead><tr><th>clause</th><th>measured</th><th>verdict</th></tr>")
                    .append("</thead>\n<tbody>\n");
            for (Check c : e.checks()) {
                h.append("<tr><td><code>").append(esc(c.clause())).append("</code></td><td>").append(esc(c.measured()))
                        .append("</td><td>").append(badge(c.verdict())).append("</td></tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        if (!e.notes().isEmpty()) {
            h.append("<h3>Notes</h3>\n");
            paragraphs(h, e.notes());
        }
        if (!e.plots().isEmpty()) {
            h.append("<h3>Plots</h3>\n");
            for (String p : e.plots()) {
                String name = p.substring(p.lastIndexOf('/') + 1);
                h.append("<figure><img src=\"").append(esc(p)).append("\" alt=\"").append(esc(e.id() + ": " + name))
                        .append("\" width=\"640\"><figcaption>").append(esc(name)).append("</figcaption></figure>\n");
            }
        }
        if (!e.series().isEmpty()) {
            h.append("<p class=\"meta\">Data: ");
            boolean first = true;
            for (String s : e.series()) {
                h.append(first ? "" : ", ").append("<a href=\"").append(esc(s)).append("\">")
                        .append(esc(s.substring(s.lastIndexOf('/') + 1))).append("</a>");
                first = false;
            }
            h.append("</p>\n");
        }
        h.append("</section>\n");
    }

    private static void paragraphs(StringBuilder h, Iterable<String> paragraphs) {
        for (String p : paragraphs) {
            h.append("<p>").append(esc(p).replace("\n", "<br>\n")).append("</p>\n");
        }
    }

    private static String tally(LabReport r) {
        StringBuilder sb = new StringBuilder();
        for (Verdict v : Verdict.values()) {
            long n = r.count(v);
            if (n > 0) {
                sb.append(sb.isEmpty() ? "" : ", ").append(n).append(' ')
                        .append(v.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            }
        }
        return sb.toString();
    }

    private static String badge(Verdict v) {
        return "<span class=\"verdict " + v.name() + "\">" + v.name().replace('_', ' ') + "</span>";
    }

    private static String num(Double v) {
        return v == null ? "?" : Format.number(v);
    }

    /** Escapes text for HTML element content and quoted attribute values. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
