package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabRunnerTest {

    @Test
    void writesTheReportFilesAndTheResultsSchema(@TempDir Path dir) throws IOException {
        LabReport report = LabRunner.to(dir).preset(Preset.QUICK)
                .run(List.of(new NewtonSqrt2(), new GdOnQuadratic()));

        assertThat(report.experiments()).extracting(ExperimentRun::verdict)
                .containsExactly(Verdict.REPRODUCED, Verdict.REPRODUCED);
        assertThat(dir.resolve("newton-sqrt2/error.png")).isRegularFile();
        ExperimentRun gd = report.experiments().get(1);
        assertThat(gd.seeds()).containsExactly(42L, 43L, 44L, 45L, 46L);
        assertThat(gd.claims()).singleElement().satisfies(c -> {
            assertThat(c.subject().deciding()).isEqualTo("5/5 seeds (4 needed)");
            assertThat(c.control().deciding()).isEqualTo("0/5 seeds (4 needed)");
        });
        assertThat(ImageIO.read(dir.resolve("gd-quadratic/norm.png").toFile()).getWidth()).isPositive();
        assertThat(Files.readString(dir.resolve("gd-quadratic/norm.csv"))).startsWith("t,norm\n0.0,");

        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("gradus_version").asText()).isNotBlank();
        assertThat(json.get("preset").asText()).isEqualTo("quick");
        assertThat(json.get("seed").isNull()).isTrue();
        JsonNode first = json.get("experiments").get(0);
        List<String> fields = new ArrayList<>();
        first.fieldNames().forEachRemaining(fields::add);
        assertThat(fields.subList(0, 8))
                .containsExactly("id", "paper", "claim", "verdict", "criterion", "metrics", "plots", "seconds");
        assertThat(first.get("id").asText()).isEqualTo("newton-sqrt2");
        assertThat(first.get("verdict").asText()).isEqualTo("REPRODUCED");
        assertThat(first.get("criterion").asText()).isEqualTo("quadratic: newton.worst_e_next_over_e_squared <= 1; "
                + "and newton.final_error < 1e-12 in every seed");
        assertThat(first.get("metrics").get("final_error").isNumber()).isTrue();
        assertThat(first.get("plots").get(0).asText()).isEqualTo("newton-sqrt2/error.png");
        assertThat(first.get("seconds").isNumber()).isTrue();
        assertThat(json.get("experiments").get(1).get("seeds").get(0).asLong()).isEqualTo(42);
        JsonNode provenance = json.get("provenance");
        for (String f : List.of("version", "commit", "jvm", "blas", "os", "date")) {
            assertThat(provenance.get(f).asText()).as(f).isNotBlank();
        }
        assertThat(provenance.get("wall_seconds").isNumber()).isTrue();
        JsonNode claim = json.get("experiments").get(1).get("claims").get(0);
        assertThat(claim.get("verdict").asText()).isEqualTo("REPRODUCED");
        assertThat(claim.get("control").get("decision").asText()).isEqualTo("NOT_REPRODUCED");
        assertThat(claim.get("control").get("seeds")).hasSize(5);
        JsonNode outcome = json.get("experiments").get(1).get("seed_outcomes").get(3);
        assertThat(outcome.get("seed").asLong()).isEqualTo(45);
        assertThat(outcome.get("status").asText()).isEqualTo("RAN");
        assertThat(outcome.get("metrics").get("gd.rate_ratio").isNumber()).isTrue();
        assertThat(json.get("experiments").get(0).get("scale_down").get("here").asText()).isNotBlank();
    }

    @Test
    void theSeedCountCanBeOverriddenExceptForADeterministicExperiment(@TempDir Path dir) throws IOException {
        LabReport report = LabRunner.to(dir).seed(10L).seeds(2).run(List.of(new GdOnQuadratic(), new NewtonSqrt2()));
        assertThat(report.experiments().get(0).seeds()).containsExactly(10L, 11L);
        assertThat(report.experiments().get(1).seeds()).containsExactly(10L);
        assertThat(report.experiments().get(1).notes()).anyMatch(n -> n.startsWith("--seeds 2 does not apply"));
        assertThatThrownBy(() -> LabRunner.to(dir).seeds(0)).hasMessage("--seeds must be at least 1, got 0");
    }

    @Test
    void escapesEverythingAnExperimentWrites(@TempDir Path dir) throws IOException {
        LabRunner.to(dir).run(List.of(new NewtonSqrt2()));
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).doesNotContain("<script>").doesNotContain("<b>not bold</b>").doesNotContain("<written>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;")
                .contains("I. Newton, 1669 &lt;written&gt; &amp; &quot;quoted&quot;")
                .contains("<img src=\"newton-sqrt2/error.png\"");
    }

    @Test
    void aThrowingExperimentBecomesAFailedRowAndTheRunGoesOn(@TempDir Path dir) throws IOException {
        List<String> finished = new ArrayList<>();
        LabReport report = LabRunner.to(dir).listener(new LabListener() {
            @Override
            public void finished(ExperimentRun run, int index, int total) {
                finished.add(run.id() + " " + run.verdict() + " " + (index + 1) + "/" + total);
            }
        }).run(List.of(new Failing(), new NewtonSqrt2()));

        assertThat(finished).containsExactly("always-fails FAILED 1/2", "newton-sqrt2 REPRODUCED 2/2");
        assertThat(report.failures()).isEqualTo(1);
        ExperimentRun failed = report.experiments().get(0);
        assertThat(failed.error()).isEqualTo("IllegalStateException: diverged at step 7 <see log>");
        assertThat(failed.metrics()).containsEntry("before_failure", 1.5);
        // The crash of seed 1 is that seed's failure: the other four ran and the claim was still decided.
        assertThat(failed.seedTally()).isEqualTo("4 ran, 1 crashed");
        assertThat(failed.seedOutcomes().get(1).message()).isEqualTo("IllegalArgumentException: seed 1 broke");
        assertThat(failed.claims().get(0).subject().deciding()).isEqualTo("4/5 seeds (4 needed)");
        assertThat(failed.claims().get(0).verdict()).isEqualTo(Verdict.REPRODUCED);
        JsonNode json = new ObjectMapper().readTree(dir.resolve("results.json").toFile());
        assertThat(json.get("experiments").get(0).get("verdict").asText()).isEqualTo("FAILED");
        assertThat(json.get("experiments").get(0).get("error").asText()).contains("diverged at step 7");
        assertThat(Files.readString(dir.resolve("index.html"))).contains("diverged at step 7 &lt;see log&gt;");
    }

    @Test
    void theSameSeedGivesTheSameNumbersAndFiles(@TempDir Path dir) throws IOException {
        LabReport a = LabRunner.to(dir.resolve("a")).seed(7L).run(List.of(new GdOnQuadratic()));
        LabReport b = LabRunner.to(dir.resolve("b")).seed(7L).run(List.of(new GdOnQuadratic()));
        LabReport c = LabRunner.to(dir.resolve("c")).seed(8L).run(List.of(new GdOnQuadratic()));
        assertThat(b.experiments().get(0).metrics()).isEqualTo(a.experiments().get(0).metrics());
        for (int i = 0; i < 5; i++) {
            assertThat(b.experiments().get(0).seedOutcomes().get(i).metrics())
                    .isEqualTo(a.experiments().get(0).seedOutcomes().get(i).metrics());
        }
        // Seed 8 starts one later: its first seed is a's second, and its first differs from a's first.
        assertThat(c.experiments().get(0).seedOutcomes().get(0).metrics())
                .isEqualTo(a.experiments().get(0).seedOutcomes().get(1).metrics())
                .isNotEqualTo(a.experiments().get(0).seedOutcomes().get(0).metrics());
        for (String file : List.of("gd-quadratic/norm.csv", "gd-quadratic/norm.png")) {
            assertThat(Files.readAllBytes(dir.resolve("b").resolve(file)))
                    .isEqualTo(Files.readAllBytes(dir.resolve("a").resolve(file)));
        }
        assertThat(a.seed()).isEqualTo(7L);
        assertThat(a.experiments().get(0).seeds()).startsWith(7L, 8L);
    }

    @Test
    void aRerunReplacesAnExperimentsOldFiles(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("newton-sqrt2"));
        Files.writeString(dir.resolve("newton-sqrt2/stale.png"), "old");
        LabRunner.to(dir).run(List.of(new NewtonSqrt2()));
        assertThat(dir.resolve("newton-sqrt2/stale.png")).doesNotExist();
        assertThat(dir.resolve("newton-sqrt2/error.png")).exists();
    }

    @Test
    void reportsProgressAndRejectsBadIds(@TempDir Path dir) throws IOException {
        List<String> messages = new ArrayList<>();
        LabRunner.to(dir).listener(new LabListener() {
            @Override
            public void progress(Experiment e, String message, double fraction) {
                messages.add(message);
            }
        }).run(List.of(new GdOnQuadratic()));
        assertThat(messages).hasSize(5 * 2 * 200).startsWith("seed 1/5: gd step 0").endsWith("seed 5/5: gd_half_step step 199");

        Experiment bad = new NewtonSqrt2() {
            @Override
            public String id() {
                return "Bad Id";
            }
        };
        assertThatThrownBy(() -> LabRunner.to(dir).run(List.of(bad)))
                .hasMessageContaining("experiment id 'Bad Id' must be lower-case");
        assertThatThrownBy(() -> LabRunner.to(dir).run(List.of(new NewtonSqrt2(), new NewtonSqrt2())))
                .hasMessageContaining("appears twice");
    }
}
