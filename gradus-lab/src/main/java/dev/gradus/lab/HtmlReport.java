package dev.gradus.lab;

import dev.gradus.tensor.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code index.html}: one static page, no scripts, no server, no external resources. The provenance table
 * ({@code id="provenance"}) and a summary table ({@code id="summary"}, one body row per experiment, showing each
 * claim's verdict and deciding number) come first, then one section per experiment: the paper with its link, the
 * scale-down statement, the setup, the claims (each stated as the condition for REPRODUCED, with the subject's and
 * the control's results), a table of seeds marking the failing clause of each, the numbers, notes and plots.
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
            .key{font-weight:600}.CODE_DEVIATES{background:#e3e0ff;color:#3a1f8b}
            .claim{margin:.15rem 0 .45rem}.deciding{color:#555;font-size:.85em}
            .failing{color:#8b0000}tr.failing td{background:#fff5f5}.test.holds{color:#1b5e20}.test.fails{color:#8b0000}
            table.provenance th{width:9rem}
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
        h.append("<h1>Gradus lab report</h1>\n<p class=\"meta\">").append(r.experiments().size())
                .append(" experiment").append(r.experiments().size() == 1 ? "" : "s").append(" &middot; ")
                .append(tally(r)).append("</p>\n");
        Provenance p = r.provenance();
        h.append("<table id=\"provenance\" class=\"provenance\">\n<tbody>\n");
        row(h, "Gradus", p.version() + " (commit " + p.commit() + ")");
        row(h, "JVM", p.jvm());
        row(h, "BLAS", p.blas());
        row(h, "OS", p.os());
        row(h, "Date", p.date());
        row(h, "Preset", r.preset().label());
        row(h, "Seeds", (r.seed() == null ? "each experiment's default first seed" : "first seed " + r.seed())
                + "; " + (r.seeds() == null ? "each experiment's own count" : r.seeds() + " per stochastic experiment"));
        row(h, "Wall time", Format.seconds(r.seconds()) + " s");
        h.append("</tbody>\n</table>\n");

        h.append("<table id=\"summary\">\n<thead><tr><th>Experiment</th><th>Paper</th><th>Claims and deciding numbers</th>")
                .append("<th>Seeds</th><th>Verdict</th><th>Time (s)</th></tr></thead>\n<tbody>\n");
        for (ExperimentRun e : r.experiments()) {
            h.append("<tr><td><a href=\"#").append(esc(e.id())).append("\">").append(esc(e.id())).append("</a></td>")
                    .append("<td>").append(paperLink(e)).append("</td><td>");
            if (e.error() != null) {
                h.append("<p class=\"error\">").append(esc(e.error())).append("</p>");
            }
            if (!e.claims().isEmpty()) {
                for (ClaimResult c : e.claims()) {
                    h.append("<div class=\"claim\">").append(badge(c.verdict())).append(' ').append(esc(c.statement()))
                            .append("<br><span class=\"deciding\">").append(esc(c.deciding())).append("</span></div>");
                }
            } else if (e.error() == null) {
                h.append(esc(e.claim())).append("<br><span class=\"deciding\">");
                deciding(h, e);
                h.append("</span>");
            }
            h.append("</td><td>").append(esc(e.seeds().size() + " (" + e.seedTally() + ")")).append("</td><td>")
                    .append(badge(e.verdict())).append("</td><td class=\"num\">").append(Format.seconds(e.seconds()))
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");

        for (ExperimentRun e : r.experiments()) {
            section(h, e, p);
        }
        h.append("<p class=\"meta\">Machine-readable results: <a href=\"results.json\">results.json</a>.</p>\n")
                .append("</body>\n</html>\n");
        return h.toString();
    }

    /** A first-form experiment's deciding number: the measured value of its first failing clause, else its first. */
    private static void deciding(StringBuilder h, ExperimentRun e) {
        Check shown = null;
        for (Check c : e.checks()) {
            if (shown == null || (shown.verdict() == Verdict.REPRODUCED && c.verdict() != Verdict.REPRODUCED)) {
                shown = c;
            }
        }
        h.append(shown == null ? "" : esc(shown.measured()));
    }

    private static void row(StringBuilder h, String name, String value) {
        h.append("<tr><th>").append(esc(name)).append("</th><td>").append(esc(value)).append("</td></tr>\n");
    }

    private static String paperLink(ExperimentRun e) {
        if (e.link() == null || e.link().isBlank()) {
            return esc(e.paper());
        }
        return "<a href=\"" + esc(e.link()) + "\">" + esc(e.paper()) + "</a>";
    }

    private static void section(StringBuilder h, ExperimentRun e, Provenance p) {
        h.append("<section id=\"").append(esc(e.id())).append("\">\n<h2>").append(esc(e.id())).append(' ')
                .append(badge(e.verdict())).append("</h2>\n");
        h.append("<p><b>Paper.</b> ").append(paperLink(e)).append(". ").append(esc(e.reference()));
        if (e.link() != null && !e.link().isBlank()) {
            h.append(". <a href=\"").append(esc(e.link())).append("\">").append(esc(e.link())).append("</a>");
        }
        h.append("</p>\n<p><b>Claim.</b> ").append(esc(e.claim())).append("</p>\n");
        h.append("<p class=\"meta provenance\">preset ").append(esc(e.preset().label())).append(" &middot; seeds ")
                .append(esc(seedList(e))).append(" &middot; ").append(esc(e.seeding())).append(" &middot; ")
                .append(Format.seconds(e.seconds())).append(" s &middot; gradus ").append(esc(p.version()))
                .append(" commit ").append(esc(p.commit())).append(" &middot; ").append(esc(p.date())).append("</p>\n");
        if (e.error() != null) {
            h.append("<h3>Error</h3>\n<p>").append(esc(e.error())).append("</p>\n<pre>")
                    .append(esc(e.errorDetail() == null ? "" : e.errorDetail())).append("</pre>\n");
        }
        if (e.scaleDown() != null) {
            h.append("<h3>Scale</h3>\n<table class=\"scale\">\n<tbody>\n");
            row(h, "The paper", e.scaleDown().paper());
            row(h, "Here", e.scaleDown().here());
            row(h, "Why", e.scaleDown().why());
            h.append("</tbody>\n</table>\n");
        }
        if (!e.setup().isEmpty()) {
            h.append("<h3>Setup</h3>\n");
            paragraphs(h, e.setup());
        }
        if (!e.claims().isEmpty()) {
            claims(h, e);
            seeds(h, e);
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
        if (!e.criterion().isEmpty() && e.claims().isEmpty()) {
            h.append("<h3>Criterion</h3>\n<p>").append(badge(Verdict.REPRODUCED)).append(" when: <code>")
                    .append(esc(e.criterion())).append("</code>. Verdict: ").append(badge(e.verdict())).append("</p>\n");
            checkTable(h, e.checks());
        }
        if (!e.notes().isEmpty()) {
            h.append("<h3>Notes</h3>\n");
            paragraphs(h, e.notes());
        }
        if (!e.plots().isEmpty()) {
            h.append("<h3>Plots</h3>\n");
            for (String plot : e.plots()) {
                String name = plot.substring(plot.lastIndexOf('/') + 1);
                h.append("<figure><img src=\"").append(esc(plot)).append("\" alt=\"").append(esc(e.id() + ": " + name))
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

    private static String seedList(ExperimentRun e) {
        List<Long> s = e.seeds();
        if (s.size() <= 3) {
            return s.toString().replace("[", "").replace("]", "");
        }
        return s.get(0) + "-" + s.get(s.size() - 1) + " (" + s.size() + ")";
    }

    /** The claims: each with the condition for REPRODUCED, the subject's and the control's results, the verdict. */
    private static void claims(StringBuilder h, ExperimentRun e) {
        h.append("<h3>Claims</h3>\n<table class=\"claims\">\n<thead><tr><th>claim</th><th>")
                .append("REPRODUCED when</th><th>subject</th><th>negative control</th><th>verdict</th></tr></thead>\n")
                .append("<tbody>\n");
        for (ClaimResult c : e.claims()) {
            h.append("<tr class=\"claim-row\" data-claim=\"").append(esc(c.id())).append("\"><td><b>")
                    .append(esc(c.id())).append("</b>: ").append(esc(c.statement())).append("</td><td><code>")
                    .append(esc(c.subject().criterion())).append("</code> ").append(esc(c.rule()));
            if (c.control() != null) {
                h.append(", and the same test fails on the control");
            }
            if (c.precondition() != null) {
                h.append("; precondition <code>").append(esc(c.precondition().criterion())).append("</code>");
            }
            h.append("</td><td>").append(judgementCell(c.subject()));
            if (c.paperForm() != null) {
                h.append("<br>paper's form: ").append(judgementCell(c.paperForm()));
            }
            h.append("</td><td>");
            if (c.control() != null) {
                h.append(judgementCell(c.control())).append("<br><span class=\"meta\">")
                        .append(esc(c.controlWhy())).append("</span>");
            } else {
                h.append("<span class=\"meta\">none: ").append(esc(c.controlWhy())).append("</span>");
            }
            h.append("</td><td>").append(badge(c.verdict())).append("<br><span class=\"meta\">").append(esc(c.why()))
                    .append("</span></td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String judgementCell(Judgement j) {
        String mark = j.decision() == Verdict.REPRODUCED ? "holds" : j.decision() == Verdict.NOT_REPRODUCED
                ? "fails" : "undecided";
        StringBuilder sb = new StringBuilder();
        sb.append("<b>").append(esc(j.subject())).append("</b> <span class=\"test ").append(mark).append("\">")
                .append(mark).append("</span>: ").append(esc(j.deciding()));
        return sb.toString();
    }

    /** One row per seed: its status, and each claim's outcome on the subject and the control with the failing clause. */
    private static void seeds(StringBuilder h, ExperimentRun e) {
        h.append("<h3>Seeds</h3>\n<table class=\"seeds\">\n<thead><tr><th>seed</th><th>status</th>");
        for (ClaimResult c : e.claims()) {
            h.append("<th>").append(esc(c.id())).append("</th>");
        }
        h.append("</tr></thead>\n<tbody>\n");
        List<SeedOutcome> outcomes = e.seedOutcomes();
        for (int i = 0; i < outcomes.size(); i++) {
            SeedOutcome o = outcomes.get(i);
            h.append("<tr><td class=\"num\">").append(o.seed()).append("</td><td>")
                    .append(esc(o.status().name().toLowerCase(java.util.Locale.ROOT)));
            if (!o.message().isEmpty()) {
                h.append(": ").append(esc(o.message()));
            }
            for (String note : o.notes()) {
                h.append("<br><span class=\"meta\">").append(esc(note)).append("</span>");
            }
            h.append("</td>");
            for (ClaimResult c : e.claims()) {
                h.append("<td>").append(seedCell(c.subject(), i));
                if (c.paperForm() != null) {
                    h.append("<br>").append(seedCell(c.paperForm(), i));
                }
                if (c.control() != null) {
                    h.append("<br>").append(seedCell(c.control(), i));
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody>\n</table>\n");
    }

    private static String seedCell(Judgement j, int i) {
        if (i >= j.seeds().size()) {
            return "";
        }
        Judgement.SeedCheck s = j.seeds().get(i);
        StringBuilder sb = new StringBuilder(esc(j.subject())).append(' ');
        sb.append(s.verdict() == Verdict.REPRODUCED ? "&#10003;" : s.verdict() == Verdict.NOT_REPRODUCED
                ? "&#10007;" : "?");
        for (Check c : s.checks()) {
            if (c.verdict() != Verdict.REPRODUCED) {
                sb.append(" <span class=\"failing\">").append(esc(c.measured())).append("</span>");
            }
        }
        if (s.checks().size() == 1 && s.checks().get(0).verdict() == Verdict.REPRODUCED) {
            sb.append(" <span class=\"meta\">").append(esc(s.checks().get(0).measured())).append("</span>");
        }
        return sb.toString();
    }

    /** Each clause with its measured value; a clause that does not hold is marked. */
    private static void checkTable(StringBuilder h, List<Check> checks) {
        h.append("<table class=\"checks\">\n<thead><tr><th>clause</th><th>measured</th><th>holds</th></tr>")
                .append("</thead>\n<tbody>\n");
        for (Check c : checks) {
            boolean failing = c.verdict() != Verdict.REPRODUCED;
            h.append("<tr").append(failing ? " class=\"failing\"" : "").append("><td><code>").append(esc(c.clause()))
                    .append("</code></td><td>").append(esc(c.measured())).append("</td><td>")
                    .append(c.verdict() == Verdict.REPRODUCED ? "yes" : c.verdict() == Verdict.NOT_REPRODUCED
                            ? "<b>no: this clause fails</b>" : "<b>undecided</b>")
                    .append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n");
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
        return "<span class=\"verdict " + v.name() + "\">" + v.label() + "</span>";
    }

    /** A number, or why there is none: a NaN metric is one the run could not measure (the notes say why). */
    private static String num(Double v) {
        if (v == null) {
            return "not recorded";
        }
        return Double.isNaN(v) ? "no value (not measured in this run; see the notes)" : Format.number(v);
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
