package dev.gradus.bench;

import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.PerSampleBatch;
import dev.gradus.nn.PerSampleGradients;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-sample gradients against a plain training step, on the mnist10k MLP 784-256-256-10 (ReLU) with a batch
 * of 256 real images and mean cross-entropy.
 *
 * <ul>
 *   <li>{@code plainStep}: forward, loss, backward to every parameter gradient ({@code Module.gradients});
 *       {@code plainStepSgd} adds an SGD update in place. These are the baselines.</li>
 *   <li>{@code ghostNorms}: {@code PerSampleGradients.compute} and {@code norms()}: the 256 per-example
 *       gradient norms over all parameters, from the ghost norm, no per-example gradient formed.</li>
 *   <li>{@code ghostClippedSum}: the same plus the DP-SGD clipped sum {@code sum_i c_i grad l_i} with
 *       {@code c_i = min(1, C / (||grad l_i|| + 1e-6))} (still one backward pass).</li>
 *   <li>{@code materialised}: {@code gradients()}: every per-example gradient, {@code [256, ...]} per
 *       parameter, 69 million doubles (552 MB) per call, in fresh tensors (which the JVM zeroes first);
 *       {@code materialisedInto}: the same written over one reused set of buffers
 *       ({@code gradientsInto}), as a training loop that needs them every step does.</li>
 *   <li>{@code perExampleLoop}: the naive reference for {@code materialised}, one forward and one backward
 *       pass per example, storing the same {@code [256, ...]} tensors.</li>
 *   <li>{@code storeFloor}: the memory limit of {@code materialisedInto}: the same 552 MB stored over the same
 *       buffers, example by example on the same threads ({@code Chunks.runTasks}), with nothing computed. No
 *       materialised path can take less than {@code plainStep + storeFloor}.</li>
 * </ul>
 *
 * <p>How to read it: milliseconds per call; the targets are ratios to {@code plainStep} in the same run,
 * at most 1.3 for {@code ghostNorms} and at most 3 for {@code materialised}; where the second is below what the
 * memory allows, {@code materialisedInto / (plainStep + storeFloor)} is the ratio to that limit. The heap is larger than the
 * other benchmarks' so that the materialised gradients fit several times over.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.VECTOR_API, JvmFlags.NATIVE_ACCESS, "-Xms4g", "-Xmx4g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PerSampleBenchmark {
    private static final int BATCH = 256;
    private static final double LEARNING_RATE = 0.01;
    private static final double MAX_NORM = 1.0;

    private Sequential model;
    private Loss loss;
    private PerSampleGradients perSample;
    private Tensor x;
    private Tensor y;
    private TensorMap buffers;
    private TensorMap floor;

    /** The network from a fixed seed and the first 256 images of mnist10k. */
    @Setup
    public void setUp() {
        Dataset data = Datasets.load("mnist10k").range(0, BATCH);
        x = data.features();
        y = data.y();
        model = Mlp.builder(784).hidden(256, 256).outputs(10).build(RandomStream.of(0));
        loss = new CrossEntropyLoss();
        perSample = PerSampleGradients.of(model, loss);
    }

    /** Forward and backward; returns one gradient entry so that nothing is dead code. */
    @Benchmark
    public double plainStep() {
        return gradients().get("0.weight").data()[0];
    }

    /** Forward, backward and an SGD update of every parameter in place. */
    @Benchmark
    public double plainStepSgd() {
        TensorMap g = gradients();
        TensorMap params = model.namedParameters();
        for (String name : params.names()) {
            double[] w = params.get(name).data();
            double[] d = g.get(name).data();
            for (int k = 0; k < w.length; k++) {
                w[k] -= LEARNING_RATE * d[k];
            }
        }
        return params.get("0.weight").data()[0];
    }

    private TensorMap gradients() {
        Var l = loss.apply(model.forward(x), y);
        return model.gradients(l);
    }

    /** The per-example gradient norms (ghost norms). */
    @Benchmark
    public double ghostNorms() {
        return perSample.compute(x, y).norms()[0];
    }

    /** Ghost norms, clipping factors and the clipped sum, as one DP-SGD step needs them. */
    @Benchmark
    public double ghostClippedSum() {
        PerSampleBatch b = perSample.compute(x, y);
        double[] c = b.norms();
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.min(1.0, MAX_NORM / (c[i] + 1e-6));
        }
        return b.weightedSum(c).get("0.weight").data()[0];
    }

    /** Every per-example gradient, materialised. */
    @Benchmark
    public double materialised() {
        return perSample.compute(x, y).gradients().get("0.weight").data()[0];
    }

    /** Every per-example gradient, written over the same buffers each call. */
    @Benchmark
    public double materialisedInto() {
        if (buffers == null) {
            buffers = perSample.compute(x, y).gradients();
        }
        return perSample.compute(x, y).gradientsInto(buffers).get("0.weight").data()[0];
    }

    /** One forward and one backward pass per example, each gradient stored as {@code materialised} stores it. */
    @Benchmark
    public double perExampleLoop() {
        TensorMap out = new TensorMap();
        model.namedParameters().forEach((name, p) -> {
            int[] s = new int[p.rank() + 1];
            s[0] = BATCH;
            System.arraycopy(p.shape(), 0, s, 1, p.rank());
            out.put(name, Tensor.zeros(s));
        });
        for (int i = 0; i < BATCH; i++) {
            Var l = loss.apply(model.forward(x.narrow(0, i, 1)), y.narrow(0, i, 1));
            int row = i;
            model.gradients(l).forEach((name, g) ->
                    System.arraycopy(g.data(), 0, out.get(name).data(), row * g.size(), g.size()));
        }
        return out.get("0.weight").data()[0];
    }

    /** The stores {@code materialisedInto} must issue, and nothing else: each example's slot filled in place. */
    @Benchmark
    public double storeFloor() {
        if (floor == null) {
            floor = perSample.compute(x, y).gradients();
        }
        for (String name : floor.names()) {
            double[] d = floor.get(name).data();
            int size = d.length / BATCH;
            Chunks.runTasks(BATCH, size, (from, to) -> {
                for (int i = from; i < to; i++) {
                    Arrays.fill(d, i * size, (i + 1) * size, i);
                }
            });
        }
        return floor.get("0.weight").data()[0];
    }
}
