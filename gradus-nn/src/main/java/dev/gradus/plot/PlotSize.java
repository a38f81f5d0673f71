package dev.gradus.plot;

/**
 * The size of a plot in layout points and its resolution. The PNG is {@code width * dpi / 72} by
 * {@code height * dpi / 72} pixels, so a plot keeps its layout (fonts, margins) at every resolution.
 *
 * @param width layout width in points (1/72 inch)
 * @param height layout height in points
 * @param dpi resolution of the PNG; 72 draws one pixel per point, 144 doubles it for sharp images
 */
public record PlotSize(int width, int height, int dpi) {
    /** 640 x 400 points at 144 dpi: a 1280 x 800 PNG that reads well when shown 640 pixels wide. */
    public static final PlotSize DEFAULT = new PlotSize(640, 400, 144);

    /** Checks the dimensions. */
    public PlotSize {
        if (width < 50 || height < 50 || width > 10_000 || height > 10_000) {
            throw new IllegalArgumentException("PlotSize: width and height must be in [50, 10000] points, got "
                    + width + " x " + height);
        }
        if (dpi < 36 || dpi > 600) {
            throw new IllegalArgumentException("PlotSize: dpi must be in [36, 600], got " + dpi);
        }
    }

    /** The width of the PNG in pixels. */
    public int pixelWidth() {
        return Math.round(width * dpi / 72f);
    }

    /** The height of the PNG in pixels. */
    public int pixelHeight() {
        return Math.round(height * dpi / 72f);
    }
}
