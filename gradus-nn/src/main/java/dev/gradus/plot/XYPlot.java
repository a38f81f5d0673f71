package dev.gradus.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A plot of y against x: solid lines (optionally with markers), dashed reference lines, scatter points and filled
 * min-max bands, on linear, log or log-log axes.
 *
 * <pre>{@code
 * XYPlot.titled("Loss").xLabel("step").yLabel("loss").logY()
 *       .band("adam", steps, minOverSeeds, maxOverSeeds)   // drawn behind, in the colour of line "adam"
 *       .line("adam", steps, meanOverSeeds)
 *       .dashed("slope -1", steps, reference)
 *       .writePng(Path.of("loss.png"));
 * }</pre>
 *
 * <p>Series keep their colour by name: a band and a line with the same name share it, and colours follow the
 * order in which names first appear. Points that an axis cannot show are left out rather than failing the plot:
 * non-finite values always, and values {@code <= 0} on a log axis (a loss that reaches exactly 0 simply ends its
 * curve). A series left with no points is not drawn.
 *
 * <p>A plot is a mutable builder and not thread-safe; the arrays passed in are copied.
 */
public final class XYPlot implements Plot {

    /** Where the legend goes. */
    public enum Legend {
        /** Inside the plot area, top right. */
        INSIDE_NE,
        /** Inside the plot area, top left. */
        INSIDE_NW,
        /** Inside the plot area, bottom left. */
        INSIDE_SW,
        /** Inside the plot area, bottom right. */
        INSIDE_SE,
        /** Right of the plot area. */
        OUTSIDE_E,
        /** No legend. */
        NONE
    }

    private enum Kind { BAND, LINE, MARKED, DASHED, SCATTER }

    private record Entry(Kind kind, String name, double[] x, double[] y, double[] y2) {}

    private final String title;
    private String xLabel = "";
    private String yLabel = "";
    private boolean logX;
    private boolean logY;
    private Double xMin;
    private Double xMax;
    private Double yMin;
    private Double yMax;
    private Legend legend = Legend.INSIDE_NE;
    private PlotSize size = PlotSize.DEFAULT;
    private final List<Entry> entries = new ArrayList<>();

    private XYPlot(String title) {
        this.title = title == null ? "" : title;
    }

    /** A new, empty plot with a title. */
    public static XYPlot titled(String title) {
        return new XYPlot(title);
    }

    /** The x axis title. */
    public XYPlot xLabel(String label) {
        this.xLabel = label == null ? "" : label;
        return this;
    }

    /** The y axis title. */
    public XYPlot yLabel(String label) {
        this.yLabel = label == null ? "" : label;
        return this;
    }

    /** A logarithmic x axis. */
    public XYPlot logX() {
        this.logX = true;
        return this;
    }

    /** A logarithmic y axis. */
    public XYPlot logY() {
        this.logY = true;
        return this;
    }

    /** Both axes logarithmic. */
    public XYPlot logLog() {
        return logX().logY();
    }

    /** Fixes the x range instead of fitting it to the data. */
    public XYPlot xRange(double min, double max) {
        checkRange("xRange", min, max, logX);
        this.xMin = min;
        this.xMax = max;
        return this;
    }

    /** Fixes the y range instead of fitting it to the data. */
    public XYPlot yRange(double min, double max) {
        checkRange("yRange", min, max, logY);
        this.yMin = min;
        this.yMax = max;
        return this;
    }

    /** Where the legend goes (default: inside, top right). */
    public XYPlot legend(Legend where) {
        this.legend = where;
        return this;
    }

    /** The size and resolution (default {@link PlotSize#DEFAULT}). */
    public XYPlot size(PlotSize size) {
        this.size = size;
        return this;
    }

    /** A solid line through the points (x[i], y[i]). */
    public XYPlot line(String name, double[] x, double[] y) {
        return add(Kind.LINE, "line", name, x, y, null);
    }

    /** A solid line through (i, y[i]) for i = 0, 1, ...: a curve recorded once per step. */
    public XYPlot line(String name, double[] y) {
        return line(name, indices(y == null ? 0 : y.length), y);
    }

    /** A solid line with a marker at each point, for curves through a few measured points. */
    public XYPlot lineWithMarkers(String name, double[] x, double[] y) {
        return add(Kind.MARKED, "lineWithMarkers", name, x, y, null);
    }

    /** A dashed line, for references such as a predicted slope or a paper's value. */
    public XYPlot dashed(String name, double[] x, double[] y) {
        return add(Kind.DASHED, "dashed", name, x, y, null);
    }

    /** Unconnected points. */
    public XYPlot scatter(String name, double[] x, double[] y) {
        return add(Kind.SCATTER, "scatter", name, x, y, null);
    }

    /**
     * A filled band between {@code lo} and {@code hi} (for example the min and max over seeds), drawn behind every
     * line in the colour of the line with the same name; it has its own legend entry only when no such line exists.
     */
    public XYPlot band(String name, double[] x, double[] lo, double[] hi) {
        return add(Kind.BAND, "band", name, x, lo, hi);
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public PlotSize size() {
        return size;
    }

    @Override
    public BufferedImage render() {
        Headless.ensure();
        Map<String, Color> colors = colorsByName();
        XYChart chart = new XYChartBuilder().width(size.width()).height(size.height())
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        XYStyler s = chart.getStyler();
        Charts.style(s, colors.size());
        s.setXAxisLogarithmic(logX);
        s.setYAxisLogarithmic(logY);
        s.setMarkerSize(5);
        applyLegend(s);
        if (xMin != null) {
            s.setXAxisMin(xMin);
            s.setXAxisMax(xMax);
        }
        if (yMin != null) {
            s.setYAxisMin(yMin);
            s.setYAxisMax(yMax);
        }
        Set<String> lineNames = new HashSet<>();
        for (Entry e : entries) {
            if (e.kind != Kind.BAND) {
                lineNames.add(e.name);
            }
        }
        int drawn = 0;
        // Bands first: XChart paints in insertion order, and bands must sit behind the lines.
        for (Kind kind : new Kind[] {Kind.BAND, Kind.LINE, Kind.MARKED, Kind.DASHED, Kind.SCATTER}) {
            for (Entry e : entries) {
                if (e.kind == kind && addSeries(chart, e, colors.get(e.name), lineNames.contains(e.name))) {
                    drawn++;
                }
            }
        }
        if (drawn > 0 && !logX) {
            breakEqualSpacing(chart);
        }
        if (drawn == 0) {
            // XChart cannot size axes without data; an invisible point keeps an empty plot drawable.
            XYSeries empty = chart.addSeries("no data", new double[] {1}, new double[] {1});
            empty.setMarker(SeriesMarkers.NONE).setLineColor(Color.WHITE);
            empty.setShowInLegend(true);
        }
        return Charts.draw(chart, size);
    }

    private boolean addSeries(XYChart chart, Entry e, Color color, boolean hasLine) {
        if (e.kind == Kind.BAND) {
            double[][] polygon = bandPolygon(e);
            if (polygon[0].length == 0) {
                return false;
            }
            XYSeries band = chart.addSeries("band: " + e.name, polygon[0], polygon[1]);
            band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            band.setMarker(SeriesMarkers.NONE);
            band.setFillColor(Palette.translucent(color, 60));
            band.setLineColor(Palette.translucent(color, 0));
            band.setLabel(e.name);
            band.setShowInLegend(!hasLine);
            return true;
        }
        double[][] xy = visible(e.x, e.y);
        if (xy[0].length == 0) {
            return false;
        }
        XYSeries series = chart.addSeries(e.name, xy[0], xy[1]);
        switch (e.kind) {
            case SCATTER -> {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                series.setMarker(SeriesMarkers.CIRCLE);
                series.setMarkerColor(color);
            }
            case DASHED -> {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setMarker(SeriesMarkers.NONE);
                series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
                        new float[] {6f, 4f}, 0f));
                series.setLineColor(color);
            }
            default -> {
                series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                series.setMarker(e.kind == Kind.MARKED ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
                series.setMarkerColor(color);
                series.setLineStyle(new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                series.setLineColor(color);
            }
        }
        return true;
    }

    /**
     * XChart puts x ticks on data points when all x values are equally spaced (meant for a dozen categories), which
     * for a curve recorded every 10 steps gives ticks at 0, 720, 1440, ...; one invisible point between the first
     * two x values turns that off, and the ticks fall on round numbers again.
     */
    private static void breakEqualSpacing(XYChart chart) {
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.POSITIVE_INFINITY;
        double y = Double.NaN;
        for (XYSeries series : chart.getSeriesMap().values()) {
            double[] xs = series.getXData();
            double[] ys = series.getYData();
            for (int i = 0; i < xs.length; i++) {
                if (xs[i] < x0) {
                    x1 = x0;
                    x0 = xs[i];
                    y = ys[i];
                } else if (xs[i] > x0 && xs[i] < x1) {
                    x1 = xs[i];
                }
            }
        }
        if (Double.isFinite(x1)) {
            XYSeries hidden = chart.addSeries(" ", new double[] {x0 + (x1 - x0) / 3}, new double[] {y});
            hidden.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            hidden.setMarker(SeriesMarkers.NONE);
            hidden.setShowInLegend(false);
        }
    }

    /** The closed outline of a band: along hi left to right, back along lo right to left. */
    private double[][] bandPolygon(Entry e) {
        int n = e.x.length;
        boolean[] keep = new boolean[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            keep[i] = showsX(e.x[i]) && showsY(e.y[i]) && showsY(e.y2[i]);
            if (keep[i]) {
                count++;
            }
        }
        double[] px = new double[2 * count];
        double[] py = new double[2 * count];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (keep[i]) {
                px[j] = e.x[i];
                py[j] = e.y2[i];
                px[2 * count - 1 - j] = e.x[i];
                py[2 * count - 1 - j] = e.y[i];
                j++;
            }
        }
        return new double[][] {px, py};
    }

    private double[][] visible(double[] x, double[] y) {
        int count = 0;
        for (int i = 0; i < x.length; i++) {
            if (showsX(x[i]) && showsY(y[i])) {
                count++;
            }
        }
        double[] vx = new double[count];
        double[] vy = new double[count];
        int j = 0;
        for (int i = 0; i < x.length; i++) {
            if (showsX(x[i]) && showsY(y[i])) {
                vx[j] = x[i];
                vy[j] = y[i];
                j++;
            }
        }
        return new double[][] {vx, vy};
    }

    private boolean showsX(double v) {
        return Double.isFinite(v) && (!logX || v > 0);
    }

    private boolean showsY(double v) {
        return Double.isFinite(v) && (!logY || v > 0);
    }

    private Map<String, Color> colorsByName() {
        Map<String, Color> colors = new LinkedHashMap<>();
        for (Entry e : entries) {
            colors.computeIfAbsent(e.name, name -> Palette.color(colors.size()));
        }
        return colors;
    }

    private void applyLegend(XYStyler s) {
        switch (legend) {
            case NONE -> s.setLegendVisible(false);
            case INSIDE_NW -> s.setLegendPosition(Styler.LegendPosition.InsideNW);
            case INSIDE_SW -> s.setLegendPosition(Styler.LegendPosition.InsideSW);
            case INSIDE_SE -> s.setLegendPosition(Styler.LegendPosition.InsideSE);
            case OUTSIDE_E -> s.setLegendPosition(Styler.LegendPosition.OutsideE);
            default -> s.setLegendPosition(Styler.LegendPosition.InsideNE);
        }
    }

    private XYPlot add(Kind kind, String method, String name, double[] x, double[] y, double[] y2) {
        String where = "XYPlot \"" + title + "\"." + method + "(\"" + name + "\")";
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("XYPlot \"" + title + "\"." + method + ": the series needs a name");
        }
        for (Entry e : entries) {
            // Bands share a name with their line on purpose; every other series needs its own name.
            if (e.name.equals(name) && (e.kind == Kind.BAND) == (kind == Kind.BAND)) {
                throw new IllegalArgumentException(where + ": a " + (kind == Kind.BAND ? "band" : "series")
                        + " with this name already exists");
            }
        }
        double[] cx = Charts.checked(where, "x", x);
        double[] cy = Charts.checked(where, kind == Kind.BAND ? "lo" : "y", y);
        if (cx.length != cy.length) {
            throw new IllegalArgumentException(where + ": x has " + cx.length + " values but "
                    + (kind == Kind.BAND ? "lo" : "y") + " has " + cy.length);
        }
        double[] cy2 = null;
        if (kind == Kind.BAND) {
            cy2 = Charts.checked(where, "hi", y2);
            if (cy2.length != cx.length) {
                throw new IllegalArgumentException(where + ": x has " + cx.length + " values but hi has " + cy2.length);
            }
        }
        entries.add(new Entry(kind, name, cx, cy, cy2));
        return this;
    }

    private static void checkRange(String method, double min, double max, boolean log) {
        if (!(Double.isFinite(min) && Double.isFinite(max) && min < max) || (log && min <= 0)) {
            throw new IllegalArgumentException("XYPlot." + method + ": need finite min < max"
                    + (log ? " and min > 0 on a log axis" : "") + ", got [" + min + ", " + max + "]");
        }
    }

    private static double[] indices(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }
}
