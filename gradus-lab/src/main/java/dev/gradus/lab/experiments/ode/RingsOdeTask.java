package dev.gradus.lab.experiments.ode;

import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.lab.LabTraining;
import dev.gradus.lab.Trial;
import dev.gradus.nn.Activation;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Module;
import dev.gradus.ode.ButcherTableau;
import dev.gradus.ode.EmbeddedRungeKutta;
import dev.gradus.ode.NeuralOde;
import dev.gradus.ode.SolverRegularizedStep;
import dev.gradus.ode.SolverRegularizer;
import dev.gradus.ode.StepControl;
import dev.gradus.optim.Optimizers;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.Callback;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The shared set-up of the solver-regularisation experiments: an augmented neural-ODE classifier (ANODE-style, the
 * 2-D input padded with one zero) on concentric rings, which no homeomorphism of the plane can separate, so the flow
 * must lift the inner disc through the third dimension. Inference NFE is measured on the test set in one batch, at the
 * training tolerance, with Tsit5.
 */
final class RingsOdeTask {
    static final double RTOL = 1e-6;
    static final double ATOL = 1e-8;
    static final int HIDDEN = 16;

    /**
     * What one training run measured: test accuracy and mean test cross-entropy (the fit), inference NFE, the training
     * wall time, the nodes of all differentiated graphs and the evaluations of f in training (forward solves and the
     * regulariser's own), and the NFE of each training step's solve.
     */
    record Run(double testAccuracy, double testLoss, int inferenceNfe, double seconds, long tapedNodes,
               long trainEvaluations, double[] nfeCurve) {}

    private final Dataset train;
    private final Tensor testX;
    private final int[] testY;
    private final int epochs;

    RingsOdeTask(Trial t, int trainSize, int testSize, int epochs) {
        RandomStream rng = t.random("rings");
        this.train = rings(rng, trainSize, "rings-train");
        Dataset test = rings(rng, testSize, "rings-test");
        this.testX = test.features();
        this.testY = test.labels();
        this.epochs = epochs;
    }

    /** Inner disc r in [0, 0.5] (class 0) and annulus r in [1, 1.5] (class 1), uniform in angle. */
    private static Dataset rings(RandomStream rng, int n, String name) {
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            double r = y[i] == 0 ? rng.uniform(0, 0.5) : rng.uniform(1.0, 1.5);
            double a = rng.uniform(0, 2 * Math.PI);
            x[2 * i] = r * Math.cos(a);
            x[2 * i + 1] = r * Math.sin(a);
        }
        return Dataset.classification(name, Tensor.of(x, n, 2), y, List.of("disc", "ring"));
    }

    /** Pad to 3-D, flow for t in [0, 1], then a linear read-out. */
    static final class Classifier extends Module {
        final NeuralOde ode;
        private final Linear head;

        Classifier(RandomStream rng) {
            Module f = Mlp.builder(3).hidden(HIDDEN).outputs(3).activation(Activation.TANH).build(rng);
            EmbeddedRungeKutta solver = new EmbeddedRungeKutta(ButcherTableau.tsit5(),
                    StepControl.tolerances(RTOL, ATOL).withMaxSteps(5_000));
            this.ode = addModule("ode", new NeuralOde(f, solver, 0, 1));
            this.head = addModule("head", new Linear(3, 2, rng));
        }

        @Override
        public Var forward(Var input) {
            return head.forward(ode.forward(input.pad(1, 0, 1)));
        }
    }

    /** Trains a fresh classifier from {@code init} with penalty {@code lambda * reg} and measures it. */
    Run run(Trial t, String who, SolverRegularizer reg, double lambda, long init) {
        Classifier model = new Classifier(RandomStream.of(init));
        SolverRegularizedStep step = new SolverRegularizedStep(model.ode, reg, lambda);
        double[] nfeCurve = new double[epochs];
        Callback recordNfe = new Callback() {
            @Override
            public void onStepEnd(TrainingContext ctx, double loss) {
                nfeCurve[(int) ctx.step() - 1] = model.ode.lastSolution().evaluations();
            }
        };
        Trainer trainer = LabTraining.trainer(t, who).model(model).loss(new CrossEntropyLoss())
                .optimizer(Optimizers.adam().lr(0.02)).step(step)
                .data(train, null).epochs(epochs).batchSize(train.size()).callbacks(recordNfe)
                .build();
        long start = System.nanoTime();
        try {
            trainer.fit();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // no checkpoints are configured, so nothing is written
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int nfe;
        double acc;
        double loss;
        try (GradMode.Scope ignored = GradMode.noGrad()) {
            Var logits = model.forward(Var.constant(testX));
            nfe = model.ode.lastSolution().evaluations();
            double[] l = logits.value().data();
            int correct = 0;
            double nll = 0;
            for (int i = 0; i < testY.length; i++) {
                double a = l[2 * i];
                double b = l[2 * i + 1];
                int pred = b > a ? 1 : 0;
                correct += pred == testY[i] ? 1 : 0;
                double m = Math.max(a, b);
                nll += m + Math.log(Math.exp(a - m) + Math.exp(b - m)) - (testY[i] == 1 ? b : a);
            }
            acc = correct / (double) testY.length;
            loss = nll / testY.length;
        }
        return new Run(acc, loss, nfe, seconds, step.tapedNodes(),
                step.forwardEvaluations() + step.penaltyEvaluations(),
                nfeCurve);
    }
}
