package dev.gradus.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XYPlotTest {

    private static XYPlot sample() {
        int n = 200;
        double[] t = new double[n];
        double[] loss = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] ref = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
            loss[i] = 1.0 / (i + 1);
            lo[i] = 0.5 * loss[i];
            hi[i] = 2 * loss[i];
            ref[i] = 0.8 / (i + 1);
        }
        return XYPlot.titled("Loss").xLabel("t").yLabel("loss").logLog()
                .band("gd", t, lo, hi)
                .line("gd", t, loss)
                .dashed("slope -1", t, ref)
                .scatter("marks", new double[] {1, 10, 100}, new double[] {1, 0.1, 0.01})
                .lineWithMarkers("measured", new double[] {2, 20, 200}, new double[] {0.4, 0.04, 0.004});
    }

    @Test
    void rendersAtTheRequestedPixelSize() throws IOException {
        byte[] png = sample().size(new PlotSize(300, 200, 144)).toPng();
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(600);
        assertThat(image.getHeight()).isEqualTo(400);
    }

    @Test
    void sameDataGivesSameBytes() {
        assertThat(sample().toPng()).isEqualTo(sample().toPng());
    }

    @Test
    void drawsTheSeriesInThePaletteColours() {
        BufferedImage image = sample().render();
        assertThat(countColor(image, Palette.color(0).getRGB())).as("line 'gd' in the first colour").isGreaterThan(100);
        assertThat(countColor(image, Palette.color(2).getRGB())).as("scatter in the third colour").isGreaterThan(20);
        assertThat(countColor(image, Palette.color(3).getRGB())).as("marked line in the fourth").isGreaterThan(100);
    }

    @Test
    void leavesOutPointsALogAxisCannotShow() {
        XYPlot plot = XYPlot.titled("zeros").logY()
                .line("with zero", new double[] {0, 1, 2, 3}, new double[] {1, 0.1, 0, Double.NaN})
                .line("all negative", new double[] {0, 1}, new double[] {-1, -2});
        BufferedImage image = plot.render();
        assertThat(image.getWidth()).isEqualTo(PlotSize.DEFAULT.pixelWidth());
    }

    @Test
    void anEmptyPlotStillRenders() {
        assertThat(XYPlot.titled("nothing").logLog().render().getHeight()).isEqualTo(PlotSize.DEFAULT.pixelHeight());
    }

    @Test
    void mismatchedLengthsNameThePlotAndSeries() {
        assertThatThrownBy(() -> XYPlot.titled("Loss").line("adam", new double[3], new double[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("XYPlot \"Loss\".line(\"adam\"): x has 3 values but y has 2");
        assertThatThrownBy(() -> XYPlot.titled("Loss").line("a", new double[1], new double[1])
                .line("a", new double[1], new double[1]))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> XYPlot.titled("Loss").line("a", new double[1], new double[1])
                .scatter("a", new double[1], new double[1]))
                .hasMessageContaining("a series with this name already exists");
        assertThatThrownBy(() -> XYPlot.titled("Loss").logY().yRange(0, 1))
                .hasMessageContaining("min > 0 on a log axis");
    }

    @Test
    void writesAtomicallyAndCreatesDirectories(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a/b/loss.png");
        sample().writePng(file);
        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(PlotSize.DEFAULT.pixelWidth());
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("loss.png");
        }
    }

    static int countColor(BufferedImage image, int rgb) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (rgb & 0xffffff)) {
                    count++;
                }
            }
        }
        return count;
    }
}
