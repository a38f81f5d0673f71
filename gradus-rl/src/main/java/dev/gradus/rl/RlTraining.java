package dev.gradus.rl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.nn.Module;
import dev.gradus.optim.spec.Specs;
import dev.gradus.plot.XYPlot;
import dev.gradus.rl.env.EnvFactory;
import dev.gradus.rl.env.Environment;
import dev.gradus.rl.env.Step;
import dev.gradus.rl.env.VectorEnv;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.io.AtomicFiles;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One RL training run as {@code gradus rl train} describes it: build the environment, policy and algorithm from their
 * specs, iterate the learner until {@code steps} environment steps, checkpoint, and write into the output directory:
 * <ul>
 *   <li>{@code history.csv}: one row per iteration: environment steps, episodes finished, the mean return of the
 *       episodes finished in the iteration and of the last 100, then the algorithm's metrics;</li>
 *   <li>{@code returns.png}: the episode return against environment steps;</li>
 *   <li>{@code policy.safetensors}: the policy's weights with the specs that rebuild it ({@link #evaluate});</li>
 *   <li>{@code checkpoint.safetensors} ({@link RlCheckpoint}): the learner's whole state tree and the history, from
 *       which {@code resume} continues bit for bit up to {@code steps} in total;</li>
 *   <li>{@code summary.json}: the configuration, the final numbers and the wall-clock seconds (the only file that
 *       differs between an interrupted-and-resumed run and an uninterrupted one).</li>
 * </ul>
 */
public final class RlTraining {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The episodes the rolling mean return is over. */
    public static final int WINDOW = 100;
    /** The checkpoint's file name. */
    public static final String CHECKPOINT = "checkpoint.safetensors";
    /** The weights' file name. */
    public static final String POLICY = "policy.safetensors";

    private RlTraining() {}

    /**
     * What to run.
     *
     * @param env an environment spec such as {@code cartpole}
     * @param algorithm an algorithm spec such as {@code ppo(lr=3e-4)}
     * @param policy a policy spec, or null for the default of the action space
     * @param steps environment steps in total (a resumed run continues up to this many)
     * @param seed the seed of everything: weights, environments, actions, minibatches
     * @param checkpointEvery iterations between checkpoints (1: after every iteration)
     */
    public record Spec(String env, String algorithm, String policy, long steps, long seed, int checkpointEvery) {
        public Spec {
            if (steps < 1) {
                throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
            }
            if (checkpointEvery < 1) {
                throw new IllegalArgumentException("--checkpoint-every must be at least 1, got " + checkpointEvery);
            }
        }
    }

    /**
     * One iteration's row of the history.
     *
     * @param iteration the iteration (from 1)
     * @param envSteps environment steps after it
     * @param episodes episodes finished so far
     * @param meanReturn the mean return of the episodes finished in this iteration (NaN when none)
     * @param rollingReturn the mean return of the last {@value #WINDOW} episodes (NaN before the first)
     * @param metrics the algorithm's metrics of the iteration
     */
    public record Row(long iteration, long envSteps, long episodes, double meanReturn, double rollingReturn,
            Map<String, Double> metrics) {}

    /** Told after every iteration; an exception stops the run (after the last checkpoint), as a crash would. */
    @FunctionalInterface
    public interface Listener {
        /** Iteration {@code row} is done, of a run to {@code totalSteps} steps. */
        void iteration(Row row, long totalSteps);
    }

    /**
     * What a run produced.
     *
     * @param history every iteration's row, over all resumed runs
     * @param envSteps environment steps taken
     * @param seconds wall-clock seconds of this invocation
     * @param policySpec the policy spec used (with the default resolved)
     */
    public record Outcome(List<Row> history, long envSteps, double seconds, String policySpec) {
        /** The last row's rolling mean return, or NaN. */
        public double finalReturn() {
            return history.isEmpty() ? Double.NaN : history.get(history.size() - 1).rollingReturn();
        }
    }

    /** Runs {@code spec} into {@code out}; without {@code resume}, a directory with a checkpoint is refused. */
    public static Outcome run(Spec spec, Path out, boolean resume, Listener listener) throws IOException {
        Path ckpt = out.resolve(CHECKPOINT);
        if (!resume && Files.exists(ckpt)) {
            throw new IllegalArgumentException(out + " already holds a checkpoint; add --resume to continue that run,"
                    + " or choose another output directory");
        }
        EnvFactory envFactory = EnvFactory.parse(spec.env());
        RlAlgorithm algorithm = RlAlgorithm.parse(spec.algorithm());
        Environment probe = envFactory.create();
        PolicyFactory pf = spec.policy() == null ? PolicyFactory.defaultFor(probe.actionSpace())
                : PolicyFactory.parse(spec.policy());
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put("env", Specs.print(envFactory));
        identity.put("algorithm", Specs.print(algorithm));
        identity.put("policy", Specs.print(pf));
        identity.put("seed", Long.toString(spec.seed()));

        long planned = spec.steps();
        List<Row> history = new ArrayList<>();
        ArrayDeque<Double> recent = new ArrayDeque<>();
        long episodes = 0;
        Learner learner;
        if (resume) {
            Map<String, String> saved = peekIdentity(ckpt);
            planned = Long.parseLong(saved.getOrDefault("planned_steps", Long.toString(spec.steps())));
            learner = algorithm.learner(envFactory, pf, spec.seed(), planned);
            RlCheckpoint.Meta meta = RlCheckpoint.load(ckpt, learner, identity);
            history = parseHistory(meta.extra().getOrDefault("history", ""));
            for (String r : meta.extra().getOrDefault("recent", "").split(",")) {
                if (!r.isEmpty()) {
                    recent.add(Double.parseDouble(r));
                }
            }
            episodes = Long.parseLong(meta.extra().getOrDefault("episodes", "0"));
        } else {
            learner = algorithm.learner(envFactory, pf, spec.seed(), planned);
        }
        identity.put("planned_steps", Long.toString(planned));
        long start = System.nanoTime();
        int sinceCheckpoint = 0;
        while (learner.envSteps() < spec.steps()) {
            learner.iterate();
            List<VectorEnv.Episode> finished = learner.drainEpisodes();
            double sum = 0;
            for (VectorEnv.Episode e : finished) {
                sum += e.ret();
                recent.addLast(e.ret());
                if (recent.size() > WINDOW) {
                    recent.removeFirst();
                }
            }
            episodes += finished.size();
            double rolling = Double.NaN;
            if (!recent.isEmpty()) {
                double s = 0;
                for (double r : recent) {
                    s += r;
                }
                rolling = s / recent.size();
            }
            Row row = new Row(learner.iterations(), learner.envSteps(), episodes,
                    finished.isEmpty() ? Double.NaN : sum / finished.size(), rolling, learner.metrics());
            history.add(row);
            if (++sinceCheckpoint >= spec.checkpointEvery() || learner.envSteps() >= spec.steps()) {
                checkpoint(ckpt, learner, identity, history, recent, episodes);
                sinceCheckpoint = 0;
            }
            if (listener != null) {
                listener.iteration(row, spec.steps());
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String policySpec = Specs.print(pf);
        writeHistory(out.resolve("history.csv"), history);
        plot(out.resolve("returns.png"), history, spec.env().trim() + ": " + spec.algorithm().trim());
        savePolicy(out.resolve(POLICY), learner.policy(), identity);
        writeSummary(out.resolve("summary.json"), identity, learner, history, episodes, seconds);
        return new Outcome(history, learner.envSteps(), seconds, policySpec);
    }

    private static Map<String, String> peekIdentity(Path ckpt) throws IOException {
        if (!Files.exists(ckpt)) {
            throw new IOException("no checkpoint to resume from: " + ckpt + " does not exist");
        }
        Map<String, String> out = new LinkedHashMap<>();
        Safetensors.read(ckpt).metadata().forEach((k, v) -> {
            if (k.startsWith("id.")) {
                out.put(k.substring(3), v);
            }
        });
        return out;
    }

    private static void checkpoint(Path file, Learner learner, Map<String, String> identity, List<Row> history,
            ArrayDeque<Double> recent, long episodes) throws IOException {
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put("history", historyCsv(history));
        StringBuilder r = new StringBuilder();
        for (double v : recent) {
            if (r.length() > 0) {
                r.append(',');
            }
            r.append(v);
        }
        extra.put("recent", r.toString());
        extra.put("episodes", Long.toString(episodes));
        RlCheckpoint.save(file, learner, identity, extra);
    }

    /** The metric columns of a history: in order of first appearance. */
    private static List<String> metricNames(List<Row> history) {
        Set<String> names = new LinkedHashSet<>();
        for (Row r : history) {
            names.addAll(r.metrics().keySet());
        }
        return new ArrayList<>(names);
    }

    /** The history as CSV; numbers in Java's shortest exact form, so the text round-trips. */
    static String historyCsv(List<Row> history) {
        List<String> names = metricNames(history);
        StringBuilder sb = new StringBuilder("iteration,env_steps,episodes,episode_return_mean,episode_return_rolling100");
        for (String n : names) {
            sb.append(',').append(n);
        }
        sb.append('\n');
        for (Row r : history) {
            sb.append(r.iteration()).append(',').append(r.envSteps()).append(',').append(r.episodes()).append(',')
                    .append(num(r.meanReturn())).append(',').append(num(r.rollingReturn()));
            for (String n : names) {
                Double v = r.metrics().get(n);
                sb.append(',').append(v == null ? "" : num(v));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    private static List<Row> parseHistory(String csv) {
        List<Row> out = new ArrayList<>();
        String[] lines = csv.split("\n");
        if (lines.length < 2) {
            return out;
        }
        String[] header = lines[0].split(",", -1);
        for (int i = 1; i < lines.length; i++) {
            String[] f = lines[i].split(",", -1);
            Map<String, Double> m = new LinkedHashMap<>();
            for (int j = 5; j < header.length; j++) {
                if (!f[j].isEmpty()) {
                    m.put(header[j], Double.parseDouble(f[j]));
                }
            }
            out.add(new Row(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), parse(f[3]), parse(f[4]), m));
        }
        return out;
    }

    private static double parse(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static void writeHistory(Path file, List<Row> history) throws IOException {
        AtomicFiles.write(file, historyCsv(history).getBytes(StandardCharsets.UTF_8));
    }

    private static void plot(Path file, List<Row> history, String title) throws IOException {
        List<double[]> rolling = new ArrayList<>();
        List<double[]> mean = new ArrayList<>();
        for (Row r : history) {
            if (!Double.isNaN(r.rollingReturn())) {
                rolling.add(new double[] {r.envSteps(), r.rollingReturn()});
            }
            if (!Double.isNaN(r.meanReturn())) {
                mean.add(new double[] {r.envSteps(), r.meanReturn()});
            }
        }
        XYPlot p = XYPlot.titled(title).xLabel("environment steps").yLabel("episode return")
                .legend(XYPlot.Legend.INSIDE_SE);
        if (!mean.isEmpty()) {
            p.lineWithMarkers("mean of the iteration's episodes", col(mean, 0), col(mean, 1));
        }
        if (!rolling.isEmpty()) {
            p.line("mean of the last " + WINDOW + " episodes", col(rolling, 0), col(rolling, 1));
        }
        if (mean.isEmpty() && rolling.isEmpty()) {
            p.line("no episode finished yet", new double[] {0}, new double[] {0});
        }
        p.writePng(file);
    }

    private static double[] col(List<double[]> rows, int c) {
        double[] out = new double[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i)[c];
        }
        return out;
    }

    private static void savePolicy(Path file, Policy policy, Map<String, String> identity) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "gradus-rl-policy");
        meta.put("format_version", "1");
        meta.put("env", identity.get("env"));
        meta.put("policy", identity.get("policy"));
        meta.put("algorithm", identity.get("algorithm"));
        meta.put("seed", identity.get("seed"));
        Safetensors.write(file, policy.module().stateDict(), meta);
    }

    private static void writeSummary(Path file, Map<String, String> identity, Learner learner, List<Row> history,
            long episodes, double seconds) throws IOException {
        ObjectNode s = JSON.createObjectNode();
        identity.forEach(s::put);
        s.put("env_steps", learner.envSteps());
        s.put("iterations", learner.iterations());
        s.put("episodes", episodes);
        double last = history.isEmpty() ? Double.NaN : history.get(history.size() - 1).rollingReturn();
        if (Double.isFinite(last)) {
            s.put("episode_return_rolling100", last);
        } else {
            s.putNull("episode_return_rolling100");
        }
        s.put("parameters", learner.policy().module().parameterCount());
        s.put("seconds", seconds);
        AtomicFiles.write(file, JSON.writeValueAsBytes(s));
    }

    /**
     * A policy saved by {@link #run}, rebuilt from the specs in its file.
     *
     * @param policy the policy with the saved weights
     * @param env the environment spec it was trained on
     */
    public record Saved(Policy policy, String env) {}

    /** Loads a policy saved by {@link #run}. */
    public static Saved loadPolicy(Path file) throws IOException {
        Safetensors.Contents c = Safetensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!"gradus-rl-policy".equals(meta.get("format"))) {
            throw new IOException(file + ": not a Gradus RL policy (format=" + meta.get("format")
                    + "); gradus rl train writes DIR/" + POLICY);
        }
        Environment env = EnvFactory.parse(meta.get("env")).create();
        Policy policy = PolicyFactory.parse(meta.get("policy")).build(env.observationSize(), env.actionSpace(),
                RandomStream.of(0));
        Module m = policy.module();
        TensorMap weights = c.tensors();
        try {
            m.loadStateDict(weights);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": the weights do not fit " + meta.get("policy") + ": " + e.getMessage(), e);
        }
        return new Saved(policy, meta.get("env"));
    }

    /**
     * The returns of {@code episodes} episodes of {@code policy} on {@code env}, seeded {@code seed}, {@code seed + 1},
     * ...; {@code greedy} takes the most likely action instead of sampling.
     */
    public static double[] evaluate(Policy policy, EnvFactory env, int episodes, long seed, boolean greedy) {
        Environment e = env.create();
        if (e.observationSize() != policy.observationSize() || !e.actionSpace().equals(policy.actionSpace())) {
            throw new IllegalArgumentException("the policy takes observations of " + policy.observationSize()
                    + " and actions " + policy.actionSpace() + ", but " + e.name() + " has " + e.observationSize()
                    + " and " + e.actionSpace());
        }
        RandomStream actions = RandomStream.of(seed).fork("eval actions");
        double[] out = new double[episodes];
        for (int i = 0; i < episodes; i++) {
            out[i] = play(policy, e, e.reset(seed + i), actions, greedy);
        }
        return out;
    }

    /**
     * The undiscounted return of one episode of {@code policy} on {@code env} from where it is now (just reset, or
     * put in a chosen start state such as {@code TabularEnv.resetTo} or {@code ClassicControl.setPhysicalState}, for
     * evaluations from out-of-distribution starts), whose current observation is {@code observation}.
     */
    public static double play(Policy policy, Environment env, double[] observation, RandomStream actions,
            boolean greedy) {
        double[] a = new double[policy.actionDim()];
        double[] o = observation;
        double ret = 0;
        while (true) {
            policy.act(null, o, 1, actions, greedy, a);
            Step s = env.actionSpace().isDiscrete() ? env.step((int) a[0]) : env.step(a);
            ret += s.reward();
            o = s.observation();
            if (s.done()) {
                return ret;
            }
        }
    }
}
