package dev.gradus.lab;

import dev.gradus.plot.XYPlot;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExperimentContextTest {

    private static ExperimentContext context(Path dir) {
        return new ExperimentContext("demo", Preset.QUICK, 5, dir.resolve("demo"), (m, f) -> { });
    }

    @Test
    void randomStreamsDependOnTheSeedAndPurposeOnly(@TempDir Path dir) {
        ExperimentContext a = context(dir);
        ExperimentContext b = context(dir);
        double first = a.random("init").normal();
        a.random("data").normal(); // another purpose does not shift "init"
        assertThat(a.random("init").normal()).isEqualTo(first);
        assertThat(b.random("init").normal()).isEqualTo(first);
        assertThat(a.random("data").normal()).isNotEqualTo(first);
    }

    @Test
    void namesAreCheckedBeforeAnythingIsWritten(@TempDir Path dir) {
        ExperimentContext ctx = context(dir);
        ctx.metric("loss", 1);
        assertThatThrownBy(() -> ctx.metric("loss", 2)).hasMessage("demo: metric 'loss' is already recorded");
        assertThatThrownBy(() -> ctx.series("../escape", SeriesTable.of("x", new double[1])))
                .hasMessageContaining("series name '../escape' must be letters, digits");
        ctx.plot("curve", XYPlot.titled("t").line("a", new double[] {1, 2}));
        assertThatThrownBy(() -> ctx.plot("curve", XYPlot.titled("t")))
                .hasMessage("demo: plot 'curve' is already written");
        ctx.series("curve", SeriesTable.of("x", new double[1])); // a CSV may share a plot's name
        assertThat(ctx.plots()).containsExactly("demo/curve.png");
        assertThat(ctx.seriesFiles()).containsExactly("demo/curve.csv");
        assertThat(dir.resolve("demo/curve.png")).isRegularFile();
    }
}
