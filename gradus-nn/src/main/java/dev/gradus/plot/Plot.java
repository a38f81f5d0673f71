package dev.gradus.plot;

import dev.gradus.tensor.io.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** A plot that can be drawn as a PNG: an {@link XYPlot} or a {@link BarPlot}. */
public sealed interface Plot permits XYPlot, BarPlot {

    /** The title drawn above the plot. */
    String title();

    /** The size and resolution the plot is drawn at. */
    PlotSize size();

    /** Draws the plot into a new image of {@link PlotSize#pixelWidth()} x {@link PlotSize#pixelHeight()} pixels. */
    BufferedImage render();

    /** The plot as PNG bytes (deterministic: no timestamps, the resolution recorded in the pHYs chunk). */
    default byte[] toPng() {
        return PngEncoder.encode(render(), size().dpi());
    }

    /**
     * Writes the plot as a PNG file. The bytes go to a temporary file in the same directory first, then are
     * renamed, so a reader never sees a half-written image. Missing parent directories are created.
     */
    default void writePng(Path file) throws IOException {
        AtomicFiles.write(file, toPng());
    }
}
