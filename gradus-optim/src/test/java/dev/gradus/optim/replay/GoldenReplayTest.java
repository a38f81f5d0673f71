package dev.gradus.optim.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptimizerRegistry;
import dev.gradus.optim.spec.SpecException;
import dev.gradus.optim.spec.SpecParser;
import dev.gradus.optim.spec.SpecValue;
import dev.gradus.optim.spec.Specs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every golden trajectory in {@code src/test/resources/golden/} (copied from the project's
 * shared golden set) through the optimizer its spec names, at the README's tolerance: rtol 1e-10
 * relative to max(|expected|, 1e-6). A file whose optimizer is not registered fails, so that adding a
 * file without the optimizer cannot pass silently.
 */
class GoldenReplayTest {
    static final double RTOL = 1e-10;

    static List<Path> files() throws IOException, URISyntaxException {
        Path dir = Path.of(GoldenReplayTest.class.getResource("/golden/README.md").toURI()).getParent();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void theGoldenSetIsPresent() throws Exception {
        assertThat(files()).extracting(p -> p.getFileName().toString()).contains("sgd.json", "sgd_momentum_wd.json",
                "sgd_nesterov.json", "adam.json", "adam_amsgrad_l2.json", "adamw.json", "rmsprop_centered.json",
                "adagrad.json");
    }

    @TestFactory
    Stream<DynamicTest> everyGoldenFileReplaysWithinRtol() throws Exception {
        return files().stream().map(f -> dynamicTest(f.getFileName().toString(), () -> {
            GradientReplay.Recording rec = GradientReplay.read(f);
            SpecValue spec = SpecParser.parse(rec.optimizer());
            String name = ((SpecValue.Call) spec).name();
            if (OptimizerRegistry.find(name).isEmpty()) {
                fail("%s: optimizer '%s' is not registered; known: %s", f.getFileName(), name,
                        OptimizerRegistry.names(true));
            }
            GradientTransformation opt;
            try {
                opt = Specs.transformation(rec.optimizer());
            } catch (SpecException e) {
                throw new AssertionError(f.getFileName() + ": " + e.getMessage(), e);
            }
            GradientReplay.Result r = GradientReplay.replay(rec, opt, RTOL);
            assertThat(r.compared()).isEqualTo(rec.steps().size()).isPositive();
            assertThat(r.within()).as("%s: worst deviation %s", f.getFileName(), r.worst()).isTrue();
        }));
    }

    @Test
    void aWrongEquationIsCaught() throws Exception {
        // Adam's golden file replayed with beta2 off by 0.001 must fail: the comparison can fail.
        Path f = files().stream().filter(p -> p.getFileName().toString().equals("adam.json")).findFirst().orElseThrow();
        GradientReplay.Recording rec = GradientReplay.read(f);
        GradientReplay.Result r = GradientReplay.replay(rec,
                Specs.transformation("adam(lr=0.01, betas=(0.9, 0.998))"), RTOL);
        assertThat(r.within()).isFalse();
        assertThat(r.worst().relative()).isGreaterThan(RTOL);
    }
}
