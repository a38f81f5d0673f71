package dev.gradus.bench;

import dev.gradus.autodiff.FusedActivation;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
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
 * One full training step of a tiny MLP, the size at which per-operation overhead dominates: a 2-16-16-1
 * network with tanh hidden layers, a batch of 32, mean squared error, reverse-mode backward and a plain SGD
 * update of every parameter in place. Each layer is one fused node ({@code Var.affine}, weights
 * {@code [out, in]} as in {@code Linear}), as a {@code Sequential} of Linear and Tanh layers runs it.
 *
 * <p>How to read it: the score is microseconds per step. Issue #9's target is at least 18x PyTorch 1.13 eager
 * in the same run ({@code scripts/peers/compare.py --with-jmh}; on the reference machine, shared, 8.6 us here
 * against PyTorch's 230). Most of a step is its eight tiny dgemms and the 1024 tanh values (see the README's
 * "A training step's speed"). The batch and the targets are fixed, so every step does the same work; the loss
 * decreases as the parameters train, which does not change the cost. Five warmup iterations, because the
 * step's many small methods take the JIT longer to compile than one big kernel does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.VECTOR_API, JvmFlags.NATIVE_ACCESS, JvmFlags.HEAP_MIN, JvmFlags.HEAP_MAX})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class MlpStepBenchmark {
    private static final int BATCH = 32;
    private static final double LEARNING_RATE = 0.05;

    private Var[] params;
    private Tensor x;
    private Tensor y;

    /** Initialises the network (scaled normal weights, zero biases) and a fixed batch from seeds. */
    @Setup
    public void setUp() {
        RandomStream rng = RandomStream.of(3);
        int[] widths = {2, 16, 16, 1};
        params = new Var[2 * (widths.length - 1)];
        for (int l = 0; l + 1 < widths.length; l++) {
            Tensor w = Tensor.randn(rng.fork("w" + l), widths[l + 1], widths[l]);
            double scale = 1.0 / Math.sqrt(widths[l]);
            double[] wd = w.data();
            for (int i = 0; i < wd.length; i++) {
                wd[i] *= scale;
            }
            params[2 * l] = Var.param(w);
            params[2 * l + 1] = Var.param(Tensor.zeros(widths[l + 1]));
        }
        x = Tensor.randn(rng.fork("x"), BATCH, 2);
        y = Tensor.zeros(BATCH, 1);
        for (int i = 0; i < BATCH; i++) { // a smooth target: sin(x0) * cos(x1)
            y.data()[i] = Math.sin(x.data()[2 * i]) * Math.cos(x.data()[2 * i + 1]);
        }
    }

    /** Forward, backward and SGD; returns the loss so that nothing is dead code. */
    @Benchmark
    public double step() {
        Var h = Var.constant(x);
        for (int l = 0; l < params.length; l += 2) {
            h = h.affine(params[l], params[l + 1], l + 2 < params.length ? FusedActivation.TANH : FusedActivation.IDENTITY);
        }
        Var loss = Losses.mse(h, y);
        loss.backward();
        for (Var p : params) {
            double[] w = p.value().data();
            double[] g = p.grad().data();
            for (int i = 0; i < w.length; i++) {
                w[i] -= LEARNING_RATE * g[i];
            }
            p.value().markModified();
            p.zeroGrad();
        }
        return loss.item();
    }
}
