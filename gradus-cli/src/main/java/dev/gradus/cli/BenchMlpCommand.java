package dev.gradus.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Activation;
import dev.gradus.nn.BceWithLogitsLoss;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.nn.MseLoss;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.Blas;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.ModelSpec;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradus bench mlp}: times training steps of any MLP. A step is what a PyTorch training loop does:
 * forward, loss, backward (reverse-mode autodiff to every parameter) and the optimizer update, on a batch made
 * before timing. Sixteen batches are made from a fixed seed and used in turn, so every step does the same work;
 * {@code scripts/peers/torch_bench.py} times the same loop in PyTorch.
 */
@Command(name = "mlp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Time training steps of an MLP: forward, loss, backward and the optimizer update, on random"
                + " batches made before timing (inputs uniform in [0, 1); class labels, 0/1 or normal targets by loss).",
            "The defaults are the MNIST-sized 784-256-256-10 ReLU network with cross-entropy and Adam. The tiny"
                + " network: --inputs 2 --hidden 16,16 --outputs 1 --activation tanh --loss mse"
                + " --optimizer 'sgd(lr=0.01)' --batch-size 32.",
            "Prints microseconds per step and samples per second, with the BLAS backend and its thread count"
                + " (OPENBLAS_NUM_THREADS sets OpenBLAS's)."})
public final class BenchMlpCommand implements Callable<Integer> {
    /** Distinct batches made before timing and used in turn. */
    private static final int BATCHES = 16;
    /** Default warm-up: steps until this much time has passed, for the JIT. */
    private static final double WARMUP_SECONDS = 2.0;
    /** Default timed steps: as many as the warm-up rate says take this long. */
    private static final double TIMED_SECONDS = 3.0;

    @Spec
    CommandSpec spec;

    @Option(names = "--inputs", paramLabel = "N", defaultValue = "784", description = "Input features. Default: ${DEFAULT-VALUE}.")
    int inputs;

    @Option(names = "--hidden", paramLabel = "H,H,...", split = ",", defaultValue = "256,256",
            description = "Hidden layer widths. Default: ${DEFAULT-VALUE}.")
    int[] hidden;

    @Option(names = "--outputs", paramLabel = "N", defaultValue = "10",
            description = "Outputs (classes for cross_entropy). Default: ${DEFAULT-VALUE}.")
    int outputs;

    @Option(names = "--activation", paramLabel = "NAME", defaultValue = "relu",
            description = "relu, tanh, sigmoid, gelu or softplus. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--loss", paramLabel = "NAME", defaultValue = "cross_entropy",
            description = "cross_entropy (class labels), mse (normal targets) or bce (0/1 targets, with logits)."
                    + " Default: ${DEFAULT-VALUE}.")
    String lossName;

    @Option(names = "--optimizer", paramLabel = "SPEC", defaultValue = "adam(lr=1e-3)",
            description = "The optimizer spec. Default: ${DEFAULT-VALUE}.")
    String optimizer;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--steps", paramLabel = "N",
            description = "Timed steps. Default: as many as take about " + TIMED_SECONDS + " s at the warm-up rate.")
    Integer steps;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Untimed steps first, for the JIT. Default: as many as take " + WARMUP_SECONDS + " s.")
    Integer warmup;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    private Module model;
    private Loss loss;
    private GradientTransformation opt;
    private TensorMap params;
    private OptState state;
    private Tensor[] xs;
    private Tensor[] ys;
    /** The losses of the timed steps, added up: reported, and so never dead code. */
    private double lossSum;

    @Override
    public Integer call() {
        if (inputs < 1 || outputs < 1 || batchSize < 1 || (steps != null && steps < 1) || (warmup != null && warmup < 0)) {
            throw new IllegalArgumentException("bench mlp: --inputs, --outputs, --batch-size and --steps must be positive"
                    + " and --warmup at least 0");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("bench mlp: --hidden widths must be positive, got " + h);
            }
        }
        Activation act = Activation.of(activation);
        loss = lossNamed(lossName);
        opt = Specs.transformation(optimizer);
        // A step here offers the gradient alone; SAM, L-BFGS and the like are refused with what they need.
        Requirement.check(opt, Set.of(), "gradus bench mlp");
        StringBuilder widths = new StringBuilder();
        for (int h : hidden) {
            widths.append(widths.isEmpty() ? "" : ", ").append(h);
        }
        ModelSpec modelSpec = ModelSpec.parse("mlp(hidden=(" + widths + "), activation="
                + act.name().toLowerCase(Locale.ROOT) + ")");
        RandomStream rng = RandomStream.of(0);
        model = modelSpec.build(new int[] {inputs}, outputs, rng.fork("init"));
        model.train();
        params = model.namedParameters();
        state = opt.init(params);
        makeBatches(rng.fork("data"));

        int warm = warmUp();
        lossSum = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            step(warm + i);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        report(modelSpec, warm, seconds);
        return 0;
    }

    /**
     * Runs the warm-up steps ({@code --warmup}, or as many as take {@value #WARMUP_SECONDS} s) and, when
     * {@code --steps} is not given, sets it from the warm-up rate: over the last quarter of a time-based warm-up,
     * once the JIT has mostly settled, or over the whole of a counted one.
     *
     * @return the number of warm-up steps
     */
    private int warmUp() {
        long w0 = System.nanoTime();
        int warm = 0;
        double perStepNs;
        if (warmup != null) {
            for (; warm < warmup; warm++) {
                step(warm);
            }
            perStepNs = warm == 0 ? Double.NaN : (System.nanoTime() - w0) / (double) warm;
        } else {
            long late0 = w0 + (long) (WARMUP_SECONDS * 0.75e9);
            long end = w0 + (long) (WARMUP_SECONDS * 1e9);
            long now = w0;
            long lateStart = 0;
            int late = -1; // steps finished after lateStart
            while (now < end || warm < 10) {
                step(warm++);
                now = System.nanoTime();
                if (now >= late0 && late++ < 0) {
                    lateStart = now;
                }
            }
            perStepNs = late > 0 ? (now - lateStart) / (double) late : (now - w0) / (double) warm;
        }
        if (steps == null) {
            steps = Double.isNaN(perStepNs) ? 100
                    : (int) Math.max(10, Math.min(100_000_000L, Math.ceil(TIMED_SECONDS * 1e9 / perStepNs)));
        }
        return warm;
    }

    /** One training step on batch {@code i mod BATCHES}. */
    private void step(int i) {
        Var out = model.forward(Var.constant(xs[i % BATCHES]));
        Var l = loss.apply(out, ys[i % BATCHES]);
        lossSum += l.item();
        TensorMap grads = model.gradients(l);
        opt.step(params, grads, state);
    }

    private void makeBatches(RandomStream rng) {
        xs = new Tensor[BATCHES];
        ys = new Tensor[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            double[] x = new double[batchSize * inputs];
            rng.fillUniform(x, 0, 1);
            xs[b] = Tensor.of(x, batchSize, inputs);
            ys[b] = switch (lossName) {
                case "cross_entropy" -> {
                    double[] labels = new double[batchSize];
                    for (int i = 0; i < batchSize; i++) {
                        labels[i] = rng.nextInt(outputs);
                    }
                    yield Tensor.of(labels, batchSize);
                }
                case "bce" -> {
                    double[] y = new double[batchSize * outputs];
                    for (int i = 0; i < y.length; i++) {
                        y[i] = rng.nextInt(2);
                    }
                    yield Tensor.of(y, batchSize, outputs);
                }
                default -> {
                    double[] y = new double[batchSize * outputs];
                    rng.fillNormal(y);
                    yield Tensor.of(y, batchSize, outputs);
                }
            };
        }
    }

    private static Loss lossNamed(String name) {
        return switch (name) {
            case "cross_entropy" -> new CrossEntropyLoss();
            case "mse" -> new MseLoss();
            case "bce" -> new BceWithLogitsLoss();
            default -> throw new IllegalArgumentException("bench mlp: unknown --loss '" + name
                    + "'; expected cross_entropy, mse or bce");
        };
    }

    private void report(ModelSpec modelSpec, int warm, double seconds) {
        StringBuilder arch = new StringBuilder().append(inputs);
        for (int h : hidden) {
            arch.append('-').append(h);
        }
        arch.append('-').append(outputs);
        double usPerStep = 1e6 * seconds / steps;
        double samplesPerSecond = steps * (double) batchSize / seconds;
        String optSpec = Specs.printable(opt) ? Specs.print(opt) : optimizer;
        int cores = Runtime.getRuntime().availableProcessors();
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = new ObjectMapper().createObjectNode();
            o.put("model", arch.toString());
            o.put("spec", modelSpec.toString());
            o.put("loss", lossName);
            o.put("optimizer", optSpec);
            o.put("parameters", model.parameterCount());
            o.put("batch_size", batchSize);
            o.put("warmup_steps", warm);
            o.put("steps", steps);
            o.put("seconds", seconds);
            o.put("us_per_step", usPerStep);
            o.put("samples_per_second", samplesPerSecond);
            o.put("mean_loss", lossSum / steps);
            o.put("blas_backend", Blas.backend().id());
            o.put("blas", Blas.provider());
            o.put("blas_reason", Blas.reason());
            o.put("blas_threads", Blas.threads());
            o.put("blas_threads_source", Blas.threadsSource());
            o.put("available_processors", cores);
            w.println(o.toPrettyString());
        } else {
            w.printf(Locale.ROOT, "MLP %s (%,d parameters), %s, %s, %s, batch %d%n", arch, model.parameterCount(),
                    activation.toLowerCase(Locale.ROOT), lossName, optSpec, batchSize);
            w.printf(Locale.ROOT, "%,d steps in %.3f s (after %,d warm-up steps): %.1f us/step, %,.0f samples/s;"
                    + " mean loss %.4g%n", steps, seconds, warm, usPerStep, samplesPerSecond, lossSum / steps);
            int t = Blas.threads();
            w.printf(Locale.ROOT, "BLAS %s; %d %s (%s); %d processors%n", Blas.provider(), t,
                    t == 1 ? "thread" : "threads", Blas.threadsSource(), cores);
        }
        w.flush();
    }
}
