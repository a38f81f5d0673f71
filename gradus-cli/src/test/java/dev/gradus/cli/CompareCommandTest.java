package dev.gradus.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @Test
    void comparesOptimizersOverSeedsAndPrintsTheTable(@TempDir Path dir) throws Exception {
        Object[] r = TrainCommandTest.gradus("compare", "--data", "iris", "--model", "mlp(hidden=(8,))",
                "--optimizers", "adam(lr=1e-2); adamw(lr=1e-2, weight_decay=0.1)", "--seeds", "2", "--epochs", "2",
                "--batch-size", "16", "--out", dir.toString());
        assertThat(r[0]).as(r[2].toString()).isEqualTo(0);
        String out = (String) r[1];
        assertThat(out).contains("optimizer").contains("val loss mean [min, max]").contains("test acc mean [min, max]")
                .contains("adamw(lr=1e-2, weight_decay=0.1)").contains("seed 1:");
        List<String> csv = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(csv).hasSize(3);
        assertThat(csv.get(0)).startsWith("optimizer,seeds,epochs,val_loss_mean,val_loss_min,val_loss_max");
        assertThat(csv.get(1)).startsWith("\"adam(lr=1e-2)\",2,2,");
        JsonNode s = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertThat(s.get("optimizers")).hasSize(2);
        JsonNode adam = s.get("optimizers").get(0);
        assertThat(adam.get("runs")).hasSize(2);
        assertThat(adam.get("canonical").asText()).startsWith("adam(lr=0.01, betas=(0.9, 0.999)");
        double a = adam.get("runs").get(0).get("val_loss").asDouble();
        double b = adam.get("runs").get(1).get("val_loss").asDouble();
        assertThat(adam.get("val_loss").get("min").asDouble()).isEqualTo(Math.min(a, b));
        assertThat(adam.get("val_loss").get("mean").asDouble()).isCloseTo((a + b) / 2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(a).as("seeds differ").isNotEqualTo(b);
        assertThat(Files.readAllBytes(dir.resolve("curves.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(dir.resolve("runs/2-adamw/seed-1/summary.json")).isRegularFile();
    }

    @Test
    void anEmptyOptimizerListIsAnError(@TempDir Path dir) {
        Object[] r = TrainCommandTest.gradus("compare", "--data", "iris", "--optimizers", " ; ", "--out", dir.toString());
        assertThat(r[0]).isEqualTo(2);
        assertThat((String) r[2]).contains("no optimizer given");
    }
}
