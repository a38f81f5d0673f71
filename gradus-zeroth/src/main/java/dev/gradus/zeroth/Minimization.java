package dev.gradus.zeroth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gradus.optim.state.StateFile;
import dev.gradus.plot.XYPlot;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.io.AtomicFiles;
import dev.gradus.tensor.io.Safetensors;
import dev.gradus.zeroth.moo.Hypervolume;
import dev.gradus.zeroth.problem.MultiObjectiveProblem;
import dev.gradus.zeroth.problem.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A derivative-free run with its files, behind {@code gradus minimize}: a method spec on an objective spec with a
 * budget of evaluations, writing into a directory
 * <ul>
 *   <li>{@code history.csv}: one row per generation (evaluations, best so far, the generation's best and mean; for
 *       several objectives the hypervolume of the population's non-dominated front);</li>
 *   <li>{@code convergence.png}: best so far (or hypervolume) against evaluations;</li>
 *   <li>{@code best.json}: the best point and value (or the front's hypervolume and reference point), the
 *       evaluations, generations and wall time;</li>
 *   <li>{@code front.csv} for several objectives: the final non-dominated values;</li>
 *   <li>{@code checkpoint.safetensors}: the method's state, written every {@code checkpointEvery} generations (0: every
 *       {@value #CHECKPOINT_SECONDS} seconds) and at the end. {@link #run} with {@code resume} continues from it, keeps the history rows up to it, and gives the
 *       same files as an uninterrupted run.</li>
 * </ul>
 */
public final class Minimization {
    private Minimization() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String CHECKPOINT = "checkpoint.safetensors";
    private static final long CHECKPOINT_SECONDS = 10;

    /**
     * What to run.
     *
     * @param objective the objective spec, such as {@code rastrigin(d=10)}
     * @param method the method spec, such as {@code cbo(particles=100)}
     * @param budget the evaluations allowed in total (over resumes)
     * @param seed the seed of all the method's randomness
     * @param threads evaluation threads (the result does not depend on it)
     * @param checkpointEvery generations between checkpoints; 0 checkpoints every 10 seconds instead
     */
    public record Spec(String objective, String method, long budget, long seed, int threads, int checkpointEvery) {
        /** Checks the numbers. */
        public Spec {
            if (budget < 1) {
                throw new IllegalArgumentException("minimize: --budget must be at least 1, got " + budget);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("minimize: --threads must be at least 1, got " + threads);
            }
            if (checkpointEvery < 0) {
                throw new IllegalArgumentException("minimize: --checkpoint-every must not be negative, got "
                        + checkpointEvery);
            }
        }
    }

    /** One generation of the history. */
    public record Row(long generation, long evaluations, double best, double generationBest, double generationMean,
            double hypervolume) {}

    /** Called after each generation with the row and the budget. */
    @FunctionalInterface
    public interface Listener {
        /** A generation finished. */
        void generation(Row row, long budget);
    }

    /**
     * How a run ended.
     *
     * @param history every generation, including those before a resume
     * @param best the best point (for several objectives: of the first objective)
     * @param bestValue its value
     * @param hypervolume the final front's hypervolume (NaN for one objective)
     * @param converged true when the method stopped by its own rule before the budget
     * @param seconds wall time of this invocation's generations
     */
    public record Outcome(List<Row> history, double[] best, double bestValue, double hypervolume, boolean converged,
            double seconds) {}

    /** Runs (or, with {@code resume}, continues) {@code spec} with its files in {@code dir}. */
    public static Outcome run(Spec spec, Path dir, boolean resume, Listener listener) throws IOException {
        Problem problem = Problems.parse(spec.objective());
        AskTell<SearchState> method = Methods.parse(spec.method());
        Files.createDirectories(dir);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "gradus-minimize");
        meta.put("objective", spec.objective());
        meta.put("method", spec.method());
        meta.put("seed", Long.toString(spec.seed()));
        try (Evaluator ev = spec.threads() == 1 ? Evaluator.sequential() : Evaluator.parallel(spec.threads())) {
            Search<SearchState> search = new Search<>(method, problem, ev);
            SearchState state = search.start(spec.seed());
            List<Row> history = new ArrayList<>();
            Path checkpoint = dir.resolve(CHECKPOINT);
            if (resume) {
                state = load(checkpoint, state, meta);
                history.addAll(readHistory(dir.resolve("history.csv"), state.progress().generations().get()));
            }
            MultiObjectiveProblem mo = problem.objectives() > 1 ? (MultiObjectiveProblem) problem : null;
            long start = System.nanoTime();
            long[] sinceCheckpoint = {0, start};
            Search.Listener<SearchState> each = (s, values) -> {
                Row row = row(s, values, mo, method);
                history.add(row);
                if (listener != null) {
                    listener.generation(row, spec.budget());
                }
                ++sinceCheckpoint[0];
                boolean due = spec.checkpointEvery() > 0 ? sinceCheckpoint[0] >= spec.checkpointEvery()
                        : System.nanoTime() - sinceCheckpoint[1] >= CHECKPOINT_SECONDS * 1_000_000_000L;
                if (due) {
                    sinceCheckpoint[0] = 0;
                    sinceCheckpoint[1] = System.nanoTime();
                    try {
                        save(checkpoint, s, meta, dir, history);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
            try {
                search.run(state, spec.budget(), each);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            save(checkpoint, state, meta, dir, history);
            boolean converged = method.converged(state);
            double hv = Double.NaN;
            if (mo != null) {
                Tensor front = front(state, method);
                hv = Hypervolume.of(front, mo.referencePoint());
                writeFront(dir.resolve("front.csv"), front);
            }
            Outcome o = new Outcome(history, state.progress().best().data().clone(),
                    state.progress().bestValue().get(), hv, converged, seconds);
            writeBest(dir.resolve("best.json"), spec, problem, o, state, mo);
            plot(dir.resolve("convergence.png"), spec, history, mo != null);
            return o;
        }
    }

    private static SearchState load(Path checkpoint, SearchState template, Map<String, String> meta)
            throws IOException {
        if (!Files.exists(checkpoint)) {
            throw new IOException("minimize --resume: no checkpoint at " + checkpoint + "; run without --resume first");
        }
        Map<String, String> saved = Safetensors.read(checkpoint).metadata();
        for (String key : List.of("format", "objective", "method", "seed")) {
            if (!meta.get(key).equals(saved.get(key))) {
                throw new IOException("minimize --resume: " + checkpoint + " belongs to a run with " + key + " "
                        + saved.get(key) + ", not " + meta.get(key) + "; give the same --objective, --method and --seed");
            }
        }
        return (SearchState) StateFile.loadTree(checkpoint, template);
    }

    private static void save(Path checkpoint, SearchState s, Map<String, String> meta, Path dir, List<Row> history)
            throws IOException {
        StateFile.saveTree(checkpoint, s, meta);
        writeHistory(dir.resolve("history.csv"), history);
    }

    private static Row row(SearchState s, Tensor values, MultiObjectiveProblem mo, AskTell<SearchState> method) {
        int n = values.dim(0);
        int m = values.dim(1);
        double[] v = values.data();
        double lo = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            lo = Math.min(lo, v[i * m]);
            sum += v[i * m];
        }
        double hv = mo == null ? Double.NaN : Hypervolume.of(front(s, method), mo.referencePoint());
        return new Row(s.progress().generations().get(), s.progress().evaluations().get(),
                s.progress().bestValue().get(), lo, sum / n, hv);
    }

    /** The method's current non-dominated values. */
    private static Tensor front(SearchState s, AskTell<SearchState> method) {
        return method.front(s);
    }

    private static void writeHistory(Path file, List<Row> history) throws IOException {
        StringBuilder sb = new StringBuilder("generation,evaluations,best,generation_best,generation_mean,hypervolume\n");
        for (Row r : history) {
            sb.append(r.generation()).append(',').append(r.evaluations()).append(',').append(r.best()).append(',')
                    .append(r.generationBest()).append(',').append(r.generationMean()).append(',')
                    .append(Double.isNaN(r.hypervolume()) ? "" : Double.toString(r.hypervolume())).append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static List<Row> readHistory(Path file, long upTo) throws IOException {
        List<Row> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != 6) {
                throw new IOException(file + ":" + (i + 1) + ": expected 6 columns, got " + f.length);
            }
            try {
                Row r = new Row(Long.parseLong(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                        f[5].isEmpty() ? Double.NaN : Double.parseDouble(f[5]));
                if (r.generation() <= upTo) {
                    out.add(r);
                }
            } catch (NumberFormatException e) {
                throw new IOException(file + ":" + (i + 1) + ": " + e.getMessage());
            }
        }
        return out;
    }

    private static void writeFront(Path file, Tensor front) throws IOException {
        int m = front.dim(1);
        StringBuilder sb = new StringBuilder();
        for (int j = 0; j < m; j++) {
            sb.append(j == 0 ? "" : ",").append('f').append(j + 1);
        }
        sb.append('\n');
        for (int i = 0; i < front.dim(0); i++) {
            for (int j = 0; j < m; j++) {
                sb.append(j == 0 ? "" : ",").append(front.get(i, j));
            }
            sb.append('\n');
        }
        AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void writeBest(Path file, Spec spec, Problem problem, Outcome o, SearchState s,
            MultiObjectiveProblem mo) throws IOException {
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("objective", problem.name());
        j.put("method", Methods.parse(spec.method()).toString());
        j.put("seed", spec.seed());
        j.put("budget", spec.budget());
        j.put("evaluations", s.progress().evaluations().get());
        j.put("generations", s.progress().generations().get());
        j.put("converged", o.converged());
        j.put("seconds", o.seconds());
        if (mo == null) {
            j.put("best_value", o.bestValue());
            j.put("best_point", o.best());
        } else {
            j.put("hypervolume", o.hypervolume());
            j.put("reference_point", mo.referencePoint());
            j.put("front_size", front(s, Methods.parse(spec.method())).dim(0));
        }
        AtomicFiles.write(file, JSON.writeValueAsBytes(j));
    }

    private static void plot(Path file, Spec spec, List<Row> history, boolean multi) throws IOException {
        double[] x = new double[history.size()];
        double[] y = new double[history.size()];
        boolean positive = true;
        for (int i = 0; i < x.length; i++) {
            x[i] = history.get(i).evaluations();
            y[i] = multi ? history.get(i).hypervolume() : history.get(i).best();
            positive &= y[i] > 0;
        }
        XYPlot p = XYPlot.titled(spec.method() + " on " + spec.objective()).xLabel("evaluations")
                .yLabel(multi ? "hypervolume" : "best value so far");
        if (!multi && positive) {
            p.logY();
        }
        p.line(multi ? "hypervolume" : "best", x, y).writePng(file);
    }

    /** A progress line for {@code row}, such as {@code generation 12  evaluations 1200/100000  best 3.2}. */
    public static String describe(Row row, long budget) {
        return String.format(Locale.ROOT, "generation %d  evaluations %d/%d  %s", row.generation(), row.evaluations(),
                budget, Double.isNaN(row.hypervolume()) ? String.format(Locale.ROOT, "best %.6g  generation best %.6g",
                        row.best(), row.generationBest())
                        : String.format(Locale.ROOT, "hypervolume %.6f", row.hypervolume()));
    }
}
