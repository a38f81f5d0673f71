package dev.gradus.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;

/** The house style shared by every plot, and the drawing of an XChart chart into an image at a resolution. */
final class Charts {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    static final Font TEXT_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Charts() {}

    /** White background, light grid, plain fonts, the house palette. */
    static void style(AxesChartStyler s, int seriesCount) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(0xececec));
        s.setPlotGridLinesStroke(new BasicStroke(0.5f));
        s.setChartTitleFont(TITLE_FONT);
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(TEXT_FONT);
        s.setAxisTickLabelsFont(TEXT_FONT);
        s.setLegendFont(TEXT_FONT);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartPadding(8);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
        s.setLocale(java.util.Locale.ROOT); // tick labels read the same on every machine: 1000, not 1,000 or 1.000
        Color[] colors = new Color[Math.max(1, seriesCount)];
        for (int i = 0; i < colors.length; i++) {
            colors[i] = Palette.color(i);
        }
        s.setSeriesColors(colors);
    }

    /** Draws the chart at the size's layout dimensions, scaled to its resolution. */
    static BufferedImage draw(Chart<?, ?> chart, PlotSize size) {
        Headless.ensure();
        BufferedImage image = new BufferedImage(size.pixelWidth(), size.pixelHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.scale(size.dpi() / 72.0, size.dpi() / 72.0);
            chart.paint(g, size.width(), size.height());
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Rejects an array with a message naming the plot, the method and the series. */
    static double[] checked(String where, String what, double[] values) {
        if (values == null) {
            throw new IllegalArgumentException(where + ": " + what + " is null");
        }
        return values.clone();
    }
}
