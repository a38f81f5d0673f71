package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated report in headless Chromium and checks, from inside the browser, that every image loaded
 * (naturalWidth > 0), that the summary table has one row per experiment, that the provenance table is there, and
 * that each experiment's section shows every claim with its verdict and the run's provenance.
 *
 * <p>The report itself has no scripts. The test writes a copy of {@code index.html} next to it with a small
 * script appended that, on the window's load event (fired after every image has loaded or failed), writes its
 * findings into a {@code <pre id="gradus-check">}; {@code --dump-dom} then prints the DOM after load. The copy
 * sits in the same directory, so it resolves the same relative image paths as the real page.
 *
 * <p>Without Chromium the test is skipped, unless the environment variable CI is {@code true}: CI installs
 * Chromium, so there a missing browser is a failure.
 */
class ReportBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String CHECK_SCRIPT = """
            <script>
            window.addEventListener('load', function () {
              var images = Array.prototype.slice.call(document.images);
              var broken = images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                  .map(function (i) { return i.getAttribute('src'); });
              var out = document.createElement('pre');
              out.id = 'gradus-check';
              out.textContent = JSON.stringify({
                images: images.length,
                loaded: images.length - broken.length,
                broken: broken,
                rows: document.querySelectorAll('#summary tbody tr').length,
                provenance: document.querySelectorAll('#provenance tr').length,
                sections: Array.prototype.map.call(document.querySelectorAll('section'), function (s) {
                  return {id: s.id,
                    claims: s.querySelectorAll('tr.claim-row').length,
                    verdicts: s.querySelectorAll('tr.claim-row .verdict').length,
                    provenance: s.querySelectorAll('.provenance').length > 0};
                })
              });
              document.body.appendChild(out);
            });
            </script>
            """;

    @Test
    void everyImageLoadsAndTheSummaryHasOneRowPerExperiment(@TempDir Path tmp) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(CHROMIUM + " is missing but CI=true: CI must install Chromium (apt-get install chromium)");
            }
            assumeTrue(false, "skipped: Chromium is not installed at " + CHROMIUM
                    + " (apt-get install chromium); with CI=true this is a failure");
        }
        LabReport report = LabRunner.to(tmp.resolve("report")).run(List.of(new NewtonSqrt2(), new GdOnQuadratic()));
        int plots = report.experiments().stream().mapToInt(e -> e.plots().size()).sum();
        assertThat(plots).isEqualTo(2);

        Path page = report.dir().resolve("browser-check.html");
        String html = Files.readString(report.index());
        assertThat(html).contains("</body>");
        Files.writeString(page, html.replace("</body>", CHECK_SCRIPT + "</body>"));

        JsonNode check = runChromium(page, tmp);
        assertThat(check.get("broken")).as("images that did not load").isEmpty();
        assertThat(check.get("images").asInt()).isEqualTo(plots);
        assertThat(check.get("loaded").asInt()).isEqualTo(plots);
        assertThat(check.get("rows").asInt()).isEqualTo(report.experiments().size());
        assertThat(check.get("provenance").asInt()).isEqualTo(8);
        JsonNode sections = check.get("sections");
        assertThat(sections).hasSize(report.experiments().size());
        for (int i = 0; i < sections.size(); i++) {
            ExperimentRun run = report.experiments().get(i);
            JsonNode s = sections.get(i);
            assertThat(s.get("id").asText()).isEqualTo(run.id());
            assertThat(s.get("claims").asInt()).as(run.id() + " claims").isEqualTo(run.claims().size()).isPositive();
            assertThat(s.get("verdicts").asInt()).as(run.id() + " claim verdicts").isEqualTo(run.claims().size());
            assertThat(s.get("provenance").asBoolean()).as(run.id() + " provenance").isTrue();
        }
    }

    @Test
    void aBrokenImageIsNoticed(@TempDir Path tmp) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "skipped: Chromium is not installed at " + CHROMIUM);
        // The check itself must be able to fail: a page whose image is missing reports it as broken.
        Path page = tmp.resolve("broken.html");
        Files.writeString(page, "<!DOCTYPE html><html><body><table id=\"summary\"><tbody><tr><td>x</td></tr>"
                + "</tbody></table><img src=\"missing.png\">" + CHECK_SCRIPT + "</body></html>");
        JsonNode check = runChromium(page, tmp);
        assertThat(check.get("images").asInt()).isEqualTo(1);
        assertThat(check.get("loaded").asInt()).isZero();
        assertThat(check.get("rows").asInt()).isEqualTo(1);
    }

    private static JsonNode runChromium(Path page, Path tmp) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium-profile");
        Path log = tmp.resolve("chromium-" + page.getFileName() + ".log");
        ProcessBuilder pb = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile,
                "--virtual-time-budget=10000", "--dump-dom", page.toUri().toString());
        pb.redirectError(log.toFile());
        Process process = pb.start();
        CompletableFuture<String> dom = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("Chromium did not finish within 120 s; its log: " + tail(log));
        }
        String out = dom.join();
        Matcher m = Pattern.compile("<pre id=\"gradus-check\">([^<]*)</pre>").matcher(out);
        if (!m.find()) {
            fail("Chromium (exit " + process.exitValue() + ") printed no check result. DOM starts: "
                    + out.substring(0, Math.min(400, out.length())) + "\nlog: " + tail(log));
        }
        String json = m.group(1).replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
        return new ObjectMapper().readTree(json);
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.substring(Math.max(0, s.length() - 2000));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
