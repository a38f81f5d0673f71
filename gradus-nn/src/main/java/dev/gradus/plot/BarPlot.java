package dev.gradus.plot;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Grouped bars: one bar per category for each named group, for example a paper's numbers beside the measured ones.
 *
 * <pre>{@code
 * BarPlot.titled("Iterations to separate").categories("γ=100", "γ=10", "γ=1")
 *        .group("paper", new double[] {2, 2, 16})
 *        .group("measured", measured)
 *        .writePng(Path.of("iterations.png"));
 * }</pre>
 *
 * <p>With a log y axis, a value {@code <= 0} or non-finite is drawn as a missing bar; on a linear axis a
 * non-finite value is drawn as a bar of height 0. A plot is a mutable builder and not thread-safe.
 */
public final class BarPlot implements Plot {
    private record Group(String name, double[] values) {}

    private final String title;
    private String xLabel = "";
    private String yLabel = "";
    private boolean logY;
    private boolean labels;
    private PlotSize size = PlotSize.DEFAULT;
    private List<String> categories = List.of();
    private final List<Group> groups = new ArrayList<>();

    private BarPlot(String title) {
        this.title = title == null ? "" : title;
    }

    /** A new, empty bar plot with a title. */
    public static BarPlot titled(String title) {
        return new BarPlot(title);
    }

    /** The category names along the x axis; every group gives one value per category. */
    public BarPlot categories(String... names) {
        if (names == null || names.length == 0) {
            throw new IllegalArgumentException("BarPlot \"" + title + "\".categories: need at least one category");
        }
        if (!groups.isEmpty()) {
            throw new IllegalStateException("BarPlot \"" + title + "\".categories: set the categories before the groups");
        }
        this.categories = List.of(names);
        return this;
    }

    /** One bar per category, all in this group's colour. */
    public BarPlot group(String name, double[] values) {
        String where = "BarPlot \"" + title + "\".group(\"" + name + "\")";
        if (categories.isEmpty()) {
            throw new IllegalStateException(where + ": set the categories first");
        }
        double[] v = Charts.checked(where, "values", values);
        if (v.length != categories.size()) {
            throw new IllegalArgumentException(where + ": " + v.length + " values for " + categories.size()
                    + " categories");
        }
        for (Group g : groups) {
            if (g.name.equals(name)) {
                throw new IllegalArgumentException(where + ": a group with this name already exists");
            }
        }
        groups.add(new Group(name, v));
        return this;
    }

    /** The x axis title. */
    public BarPlot xLabel(String label) {
        this.xLabel = label == null ? "" : label;
        return this;
    }

    /** The y axis title. */
    public BarPlot yLabel(String label) {
        this.yLabel = label == null ? "" : label;
        return this;
    }

    /** A logarithmic y axis. */
    public BarPlot logY() {
        this.logY = true;
        return this;
    }

    /** Writes each bar's value above it. */
    public BarPlot valueLabels() {
        this.labels = true;
        return this;
    }

    /** The size and resolution (default {@link PlotSize#DEFAULT}). */
    public BarPlot size(PlotSize size) {
        this.size = size;
        return this;
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
        CategoryChart chart = new CategoryChartBuilder().width(size.width()).height(size.height())
                .title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        CategoryStyler s = chart.getStyler();
        Charts.style(s, Math.max(1, groups.size()));
        s.setYAxisLogarithmic(logY);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendVisible(groups.size() > 1);
        s.setLabelsVisible(labels);
        s.setLabelsFont(Charts.TEXT_FONT);
        s.setAvailableSpaceFill(0.8);
        s.setOverlapped(false);
        if (logY) {
            // XChart anchors bars at 0, which a log axis cannot show: anchor them one decade below the data instead.
            double[] range = positiveRange();
            s.setYAxisMin(Math.pow(10, Math.floor(Math.log10(range[0]))));
            s.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(range[1]) + 1e-9)));
        }
        if (groups.isEmpty()) {
            List<String> cats = categories.isEmpty() ? List.of("no data") : categories;
            double[] zeros = new double[cats.size()];
            Arrays.fill(zeros, logY ? 1 : 0);
            chart.addSeries("no data", cats, toList(zeros));
        }
        for (Group g : groups) {
            double[] v = g.values.clone();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i]) || (logY && v[i] <= 0)) {
                    // XChart draws nothing for NaN on a log axis; on a linear one a NaN would break the axis range.
                    v[i] = logY ? Double.NaN : 0;
                }
            }
            chart.addSeries(g.name, categories, toList(v));
        }
        return Charts.draw(chart, size);
    }

    private double[] positiveRange() {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Group g : groups) {
            for (double v : g.values) {
                if (Double.isFinite(v) && v > 0) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return min <= max ? new double[] {min, max} : new double[] {1, 10};
    }

    private static List<Double> toList(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double d : v) {
            out.add(d);
        }
        return out;
    }
}
