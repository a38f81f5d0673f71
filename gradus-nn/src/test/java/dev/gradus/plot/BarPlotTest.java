package dev.gradus.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BarPlotTest {

    private static BarPlot sample() {
        return BarPlot.titled("Iterations").categories("γ=100", "γ=10", "γ=1")
                .group("paper", new double[] {2, 2, 16})
                .group("measured", new double[] {2, 3, 16})
                .logY().valueLabels();
    }

    @Test
    void drawsEachGroupInItsColourDeterministically() {
        BufferedImage image = sample().render();
        assertThat(XYPlotTest.countColor(image, Palette.color(0).getRGB())).isGreaterThan(500);
        assertThat(XYPlotTest.countColor(image, Palette.color(1).getRGB())).isGreaterThan(500);
        assertThat(sample().toPng()).isEqualTo(sample().toPng());
    }

    @Test
    void missingValuesAreMissingBars() {
        BarPlot plot = BarPlot.titled("gaps").categories("a", "b")
                .group("g", new double[] {Double.NaN, 0}).logY();
        assertThat(plot.render().getWidth()).isEqualTo(PlotSize.DEFAULT.pixelWidth());
        assertThat(BarPlot.titled("linear").categories("a").group("g", new double[] {Double.NaN}).render())
                .isNotNull();
    }

    @Test
    void badInputSaysWhatIsWrong() {
        assertThatThrownBy(() -> BarPlot.titled("t").categories("a", "b").group("g", new double[3]))
                .hasMessage("BarPlot \"t\".group(\"g\"): 3 values for 2 categories");
        assertThatThrownBy(() -> BarPlot.titled("t").group("g", new double[1]))
                .hasMessageContaining("set the categories first");
    }
}
