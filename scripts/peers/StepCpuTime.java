import dev.gradus.autodiff.Var;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Loss;
import dev.gradus.nn.MseLoss;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.spec.Specs;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.ModelSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The training steps of `gradus bench mlp` timed in CPU time of the calling thread as well as wall time, for
 * comparisons on a machine shared with other work: a loaded machine stretches wall time by however long the
 * scheduler keeps this thread waiting, CPU time much less. Run with one BLAS thread (OPENBLAS_NUM_THREADS=1),
 * so that every product runs on this thread:
 *
 *     OPENBLAS_NUM_THREADS=1 ./gradus java scripts/peers/StepCpuTime.java tiny|mlp [SECONDS]
 *
 * Prints one line per round of SECONDS (default 3) seconds; the first round is the warm-up. scripts/peers/cpu_compare.py
 * runs it next to PyTorch's same loop.
 */
public class StepCpuTime {
    public static void main(String[] args) {
        boolean tiny = args.length == 0 || args[0].equals("tiny");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 3;
        int in = tiny ? 2 : 784, out = tiny ? 1 : 10, batch = tiny ? 32 : 128;
        RandomStream rng = RandomStream.of(0);
        var model = ModelSpec.parse(tiny ? "mlp(hidden=(16, 16), activation=tanh)" : "mlp(hidden=(256, 256), activation=relu)")
                .build(new int[] {in}, out, rng.fork("init"));
        Loss loss = tiny ? new MseLoss() : new CrossEntropyLoss();
        GradientTransformation opt = Specs.transformation(tiny ? "sgd(lr=0.01)" : "adam(lr=1e-3)");
        TensorMap params = model.namedParameters();
        OptState state = opt.init(params);
        Tensor[] xs = new Tensor[16];
        Tensor[] ys = new Tensor[16];
        RandomStream data = rng.fork("data");
        for (int b = 0; b < 16; b++) {
            xs[b] = Tensor.rand(data, batch, in);
            if (tiny) {
                ys[b] = Tensor.randn(data, batch, out);
            } else {
                double[] labels = new double[batch];
                for (int i = 0; i < batch; i++) {
                    labels[i] = data.nextInt(out);
                }
                ys[b] = Tensor.of(labels, batch);
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double lossSum = 0;
        int step = 0;
        for (int round = 0; round < 3; round++) {
            long c0 = mx.getCurrentThreadCpuTime(), t0 = System.nanoTime();
            int n = 0;
            while (System.nanoTime() - t0 < seconds * 1e9) {
                Var l = loss.apply(model.forward(Var.constant(xs[step % 16])), ys[step % 16]);
                lossSum += l.item();
                opt.step(params, model.gradients(l), state);
                step++;
                n++;
            }
            System.out.printf("gradus %s round %d: %.2f us/step wall, %.2f us/step cpu%n", tiny ? "tiny" : "mlp", round,
                    (System.nanoTime() - t0) / 1e3 / n, (mx.getCurrentThreadCpuTime() - c0) / 1e3 / n);
        }
        System.out.printf("mean loss %.4g%n", lossSum / step);
    }
}
