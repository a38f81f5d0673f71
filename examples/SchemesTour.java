import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.data.Standardizer;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Mlp;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.linear.ConjugateGradient;
import dev.gradus.optim.linear.DeepConjugateDirection;
import dev.gradus.optim.linear.Poisson2d;
import dev.gradus.optim.linear.SolveResult;
import dev.gradus.optim.linear.Stencil2d;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainStep;
import dev.gradus.train.boost.BoostedNetwork;
import dev.gradus.train.boost.GradientBoosting;
import dev.gradus.train.local.TargetProjectionStep;

/** The README's tour of the training schemes: ./gradus java examples/SchemesTour.java */
public class SchemesTour {
    public static void main(String[] args) throws Exception {
        boosting();
        localTargets();
        conjugateDirections();
    }

    /** GBNN on y = sin(3 x_1) x_2 + noise: 30 stages of 2 tanh units, then the first k units only. */
    static void boosting() {
        RandomStream rng = RandomStream.of(1);
        int n = 400;
        double[] x = new double[2 * n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = rng.uniform(-1, 1);
            x[2 * i + 1] = rng.uniform(-1, 1);
            y[i] = Math.sin(3 * x[2 * i]) * x[2 * i + 1] + 0.05 * rng.normal();
        }
        Tensor xs = Tensor.of(x, n, 2);
        BoostedNetwork net = new GradientBoosting().stages(30).unitsPerStage(2).shrinkage(0.3).epochsPerStage(300)
                .fit(xs, Tensor.of(y, n), RandomStream.of(2));
        double[] loss = net.trainLoss();
        System.out.printf("GBNN, %d units: training MSE %.4f (constant), %.4f (10 stages), %.4f (30 stages)%n",
                net.units(), loss[0], loss[10], loss[30]);
        for (int k : new int[] {60, 46, 30, 10}) {
            double[] f = net.predict(xs, k).data();
            double mse = 0;
            for (int i = 0; i < n; i++) {
                mse += (f[i] - y[i]) * (f[i] - y[i]) / n;
            }
            System.out.printf("  first %2d units: training MSE %.4f%n", k, mse);
        }
    }

    /** Backprop, tpSGD and DRTP on digits, MLP 64-32-32-10, SGD lr 0.05, batch 32, 20 epochs. */
    static void localTargets() throws Exception {
        Split split = Datasets.load("digits").split(0, 0.3, 7);
        Standardizer st = Standardizer.fit(split.train());
        Dataset train = st.apply(split.train());
        Dataset test = st.apply(split.test());
        for (String rule : new String[] {"backprop", "tpsgd", "drtp"}) {
            TrainStep step = switch (rule) {
                case "tpsgd" -> TargetProjectionStep.tpSgd(3);
                case "drtp" -> TargetProjectionStep.drtp(3);
                default -> TrainStep.standard();
            };
            Trainer trainer = Trainer.builder().model(Mlp.builder(64).hidden(32, 32).outputs(10)
                            .build(RandomStream.of(4)))
                    .loss(new CrossEntropyLoss()).optimizer(Optimizers.sgd().lr(0.05)).step(step)
                    .data(train, null).epochs(20).batchSize(32).seed(5).build();
            trainer.fit();
            System.out.printf("digits, %-8s test accuracy %.3f%n", rule, trainer.evaluate(test).accuracy());
        }
    }

    /** CG against DCDM with a 7 x 7 stencil trained on 60 low-frequency vectors, 32 x 32 Poisson, tol 1e-6. */
    static void conjugateDirections() {
        Poisson2d a = new Poisson2d(32);
        RandomStream rng = RandomStream.of(6);
        double[][] training = new double[60][];
        for (int k = 0; k < training.length; k++) {
            training[k] = a.spectralSample(rng, 9);
        }
        Stencil2d f = Stencil2d.fit(a, 32, 3, training);
        double[] b = a.spectralSample(rng, 9);
        SolveResult cg = new ConjugateGradient().tol(1e-6).solve(a, b);
        SolveResult dcdm = new DeepConjugateDirection(f).previousDirections(2).tol(1e-6).solve(a, b);
        System.out.printf("Poisson 32x32: CG %d iterations, DCDM %d iterations (relative residual %.1e)%n",
                cg.iterations(), dcdm.iterations(), dcdm.finalResidual());
    }
}
