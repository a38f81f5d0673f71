package dev.gradus.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.optim.spec.SpecParser;
import dev.gradus.optim.spec.SpecValue;
import dev.gradus.optim.spec.Specs;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.io.AtomicFiles;
import dev.gradus.tensor.io.DirectoryLock;
import dev.gradus.tensor.io.IoErrors;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Several optimizers on the same model and data, each over several seeds, as {@code gradus compare} runs
 * them: every (optimizer, seed) pair is one {@link TrainingJob} in {@code DIR/runs/<n>-<name>/seed-<s>} (trained
 * in {@code DIR/runs.partial/} and renamed with the summaries once all have finished, so a failed comparison
 * leaves no runs behind that would block a rerun; the output directory is locked meanwhile); then
 * one plot of a validation metric per epoch, the mean over seeds with a min-max band per optimizer
 * ({@code DIR/curves.png}), and a table of final metrics ({@code DIR/summary.csv}, {@code DIR/summary.json}).
 * Seeds change the initial weights, the data order and dropout; the split stays fixed by its own seed.
 */
public final class Comparison {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] COLUMNS = {"val_loss", "val_accuracy", "test_loss", "test_accuracy", "seconds"};

    private Comparison() {}

    /** The runs of one optimizer, one per seed. */
    public record Entry(String optimizer, List<Long> seeds, List<TrainingJob.Outcome> outcomes) {}

    /**
     * Splits {@code "adam(lr=1e-3); adamp(lr=1e-3)"} at the semicolons and checks that each spec builds; the
     * specs are kept as written, which is how plots and tables name them (summaries add the canonical form).
     */
    public static List<String> optimizers(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(";")) {
            if (!part.isBlank()) {
                Specs.canonical(part.trim());
                out.add(part.trim());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no optimizer given; write specs separated by ';', such as"
                    + " \"adam(lr=1e-3); adamp(lr=1e-3)\"");
        }
        return out;
    }

    /**
     * Runs every optimizer with seeds {@code 0..seeds-1} (using {@code base} for everything else), writes the
     * plot and the summaries into {@code out}, and returns the entries in the order given.
     *
     * @param metric the validation metric to plot: {@code val_loss} or {@code val_accuracy}
     * @param log where a line per finished run goes
     */
    public static List<Entry> run(TrainingJob.Spec base, List<String> optimizers, int seeds, String metric, Path out,
            PrintWriter log) throws IOException {
        if (seeds < 1) {
            throw new IllegalArgumentException("compare: --seeds must be at least 1, got " + seeds);
        }
        if (!metric.equals("val_loss") && !metric.equals("val_accuracy")) {
            throw new IllegalArgumentException("compare: the metric must be val_loss or val_accuracy, got " + metric);
        }
        Path runs = out.resolve("runs");
        if (Files.exists(runs)) {
            throw new IllegalArgumentException("compare: " + out + " already holds the runs of a comparison; choose"
                    + " another output directory or remove it");
        }
        try (DirectoryLock lock = DirectoryLock.acquire(out, "gradus compare --out " + out)) {
            if (Files.exists(runs)) {
                throw new IllegalArgumentException("compare: " + out + " already holds the runs of a comparison;"
                        + " choose another output directory or remove it");
            }
            // The runs are trained under a directory of their own and renamed to runs/ with the summaries when all
            // have finished; what a failed or killed comparison leaves there is removed by the next one.
            Path partial = out.resolve(PARTIAL);
            deleteTree(partial);
            List<Entry> entries;
            try {
                entries = runAll(base, optimizers, seeds, partial, log);
                try (AtomicFiles.Group g = AtomicFiles.group()) {
                    g.add(out.resolve("curves.png"), plot(entries, metric, base).toPng());
                    g.add(out.resolve("summary.csv"), csv(entries).getBytes(StandardCharsets.UTF_8));
                    g.add(out.resolve("summary.json"), json(base, entries, seeds, metric));
                    Files.move(partial, runs, StandardCopyOption.ATOMIC_MOVE);
                    g.commit();
                }
            } finally {
                deleteTree(partial);
            }
            return entries;
        }
    }

    /** The directory under the output directory where the runs of a comparison in progress are trained. */
    static final String PARTIAL = "runs.partial";

    private static List<Entry> runAll(TrainingJob.Spec base, List<String> optimizers, int seeds, Path partial,
            PrintWriter log) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < optimizers.size(); k++) {
            String opt = optimizers.get(k);
            List<Long> seedList = new ArrayList<>();
            List<TrainingJob.Outcome> outcomes = new ArrayList<>();
            for (long s = 0; s < seeds; s++) {
                Path dir = partial.resolve((k + 1) + "-" + name(opt)).resolve("seed-" + s);
                TrainingJob.Outcome o = TrainingJob.run(base.with(opt, s), dir, false,
                        Progress.isTerminal() ? new ProgressBar(log) : Progress.silent());
                log.printf(Locale.ROOT, "%s seed %d: val_loss %.4f  val_acc %s  test_acc %s  %.1fs%n", opt, s,
                        o.validation().loss(), percent(o.validation().accuracy()), percent(o.test().accuracy()),
                        o.seconds());
                log.flush();
                seedList.add(s);
                outcomes.add(o);
            }
            entries.add(new Entry(opt, seedList, outcomes));
        }
        return entries;
    }

    /** Deletes {@code dir} and everything under it, if it exists. */
    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw IoErrors.failed("remove", dir, e);
        }
    }

    /** The summary as an aligned text table: one row per optimizer, mean [min, max] over seeds. */
    public static String table(List<Entry> entries) {
        int width = "optimizer".length();
        for (Entry e : entries) {
            width = Math.max(width, e.optimizer().length());
        }
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + width + "s  %-26s  %-26s  %-26s  %8s%n";
        sb.append(String.format(Locale.ROOT, fmt, "optimizer", "val loss mean [min, max]", "val acc mean [min, max]",
                "test acc mean [min, max]", "seconds"));
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, fmt, e.optimizer(), range(stats(e, "val_loss"), false),
                    range(stats(e, "val_accuracy"), true), range(stats(e, "test_accuracy"), true),
                    String.format(Locale.ROOT, "%.1f", stats(e, "seconds")[0])));
        }
        return sb.toString();
    }

    private static String range(double[] s, boolean percent) {
        if (Double.isNaN(s[0])) {
            return "-";
        }
        return percent ? String.format(Locale.ROOT, "%.2f%% [%.2f, %.2f]", 100 * s[0], 100 * s[1], 100 * s[2])
                : String.format(Locale.ROOT, "%.4f [%.4f, %.4f]", s[0], s[1], s[2]);
    }

    private static String percent(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    /** Mean, min and max over the seeds of a final metric. */
    static double[] stats(Entry e, String column) {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (TrainingJob.Outcome o : e.outcomes()) {
            double v = switch (column) {
                case "val_loss" -> o.validation().loss();
                case "val_accuracy" -> o.validation().accuracy();
                case "test_loss" -> o.test().loss();
                case "test_accuracy" -> o.test().accuracy();
                case "seconds" -> o.seconds();
                default -> throw new IllegalArgumentException(column);
            };
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {sum / e.outcomes().size(), min, max};
    }

    private static String csv(List<Entry> entries) {
        StringBuilder sb = new StringBuilder("optimizer,seeds,epochs");
        for (String c : COLUMNS) {
            sb.append(',').append(c).append("_mean,").append(c).append("_min,").append(c).append("_max");
        }
        sb.append('\n');
        for (Entry e : entries) {
            sb.append('"').append(e.optimizer().replace("\"", "\"\"")).append("\",").append(e.seeds().size()).append(',')
                    .append(e.outcomes().get(0).history().size());
            for (String c : COLUMNS) {
                for (double v : stats(e, c)) {
                    sb.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static byte[] json(TrainingJob.Spec base, List<Entry> entries, int seeds, String metric) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("data", base.data());
        root.put("model", ModelSpec.parse(base.model()).toString());
        root.put("epochs", base.epochs());
        root.put("batch_size", base.batchSize());
        root.put("seeds", seeds);
        root.put("metric", metric);
        ArrayNode arr = root.putArray("optimizers");
        for (Entry e : entries) {
            ObjectNode o = arr.addObject();
            o.put("optimizer", e.optimizer());
            o.put("canonical", Specs.canonical(e.optimizer()));
            for (String c : COLUMNS) {
                double[] s = stats(e, c);
                ObjectNode n = o.putObject(c);
                putNumber(n, "mean", s[0]);
                putNumber(n, "min", s[1]);
                putNumber(n, "max", s[2]);
            }
            ArrayNode runs = o.putArray("runs");
            for (int i = 0; i < e.seeds().size(); i++) {
                TrainingJob.Outcome out = e.outcomes().get(i);
                ObjectNode r = runs.addObject();
                r.put("seed", e.seeds().get(i));
                putNumber(r, "val_loss", out.validation().loss());
                putNumber(r, "val_accuracy", out.validation().accuracy());
                putNumber(r, "test_loss", out.test().loss());
                putNumber(r, "test_accuracy", out.test().accuracy());
                r.put("steps", out.steps());
                r.put("seconds", out.seconds());
            }
        }
        return JSON.writeValueAsBytes(root);
    }

    private static void putNumber(ObjectNode n, String name, double v) {
        if (Double.isFinite(v)) {
            n.put(name, v);
        } else {
            n.putNull(name);
        }
    }

    private static XYPlot plot(List<Entry> entries, String metric, TrainingJob.Spec base) {
        XYPlot p = XYPlot.titled(base.data() + ": " + ModelSpec.parse(base.model()).kind() + ", " + metric
                + " (mean, min-max over seeds)").xLabel("epoch").yLabel(metric.replace('_', ' '));
        for (Entry e : entries) {
            int epochs = Integer.MAX_VALUE;
            for (TrainingJob.Outcome o : e.outcomes()) {
                epochs = Math.min(epochs, o.history().size());
            }
            double[] x = new double[epochs];
            double[] mean = new double[epochs];
            double[] lo = new double[epochs];
            double[] hi = new double[epochs];
            for (int t = 0; t < epochs; t++) {
                x[t] = t + 1;
                lo[t] = Double.POSITIVE_INFINITY;
                hi[t] = Double.NEGATIVE_INFINITY;
                for (TrainingJob.Outcome o : e.outcomes()) {
                    double v = o.history().epochs().get(t).get(metric);
                    mean[t] += v / e.outcomes().size();
                    lo[t] = Math.min(lo[t], v);
                    hi[t] = Math.max(hi[t], v);
                }
            }
            p.band(e.optimizer(), x, lo, hi);
            p.line(e.optimizer(), x, mean);
        }
        return p;
    }

    /** A directory-safe short name of a spec: its outermost name, such as {@code adamp}. */
    private static String name(String spec) {
        SpecValue v = SpecParser.parse(spec);
        return v instanceof SpecValue.Call c ? c.name() : "optimizer";
    }
}
