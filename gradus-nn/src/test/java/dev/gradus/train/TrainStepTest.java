package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.data.PoissonSampler;
import dev.gradus.data.SamplerSpec;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.optim.Capability;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.MissingCapabilityException;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pluggable step and samplers of the Trainer: state in checkpoints, budgets, Poisson and loss-only training. */
class TrainStepTest {

    /**
     * A step with state of its own, as DP-SGD's accountant or a compressor's residual would be: it counts the
     * examples it has seen, adds seeded noise to the gradients (drawn from the step's stream) and keeps the noise's
     * running sum; it refuses to go past a budget of examples.
     */
    static final class NoisyCountingStep implements TrainStep {
        record State(Counter examples, TensorMap noiseSum) implements OptState {}

        private final long budget;

        NoisyCountingStep(long budget) {
            this.budget = budget;
        }

        @Override
        public Set<Capability> offers() {
            return EnumSet.of(Capability.GRADIENT, Capability.LOSS, Capability.RANDOM);
        }

        @Override
        public OptState init(TensorMap params) {
            return new State(new Counter(), params.zerosLike());
        }

        @Override
        public String stopBefore(OptState state, long step) {
            return ((State) state).examples().get() >= budget ? "example budget of " + budget + " spent" : null;
        }

        @Override
        public StepOutcome run(StepInput in) {
            State s = (State) in.state();
            StepOutcome o = TrainStep.standard().run(in);
            RandomStream r = in.random("noise");
            for (String name : in.params().names()) {
                double[] p = in.params().get(name).data();
                double[] acc = s.noiseSum().get(name).data();
                for (int i = 0; i < p.length; i++) {
                    double z = 1e-3 * r.normal();
                    p[i] += z;
                    acc[i] += z;
                }
            }
            s.examples().set(s.examples().get() + in.batch().size());
            return o;
        }

        @Override
        public Map<String, Double> metrics(OptState state) {
            return Map.of("examples", (double) ((State) state).examples().get());
        }

        @Override
        public String describe() {
            return "noisy_counting(budget=" + budget + ")";
        }
    }

    private static Trainer.Builder trainer(int epochs, Path dir, TrainStep step, SamplerSpec sampler) {
        Module model = ModelSpec.parse("mlp(hidden=(16,), dropout=0.1)").build(TrainerResumeTest.train.sampleShape(),
                10, RandomStream.of(5).fork("init"));
        Trainer.Builder b = Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=1e-2)")
                .data(TrainerResumeTest.train, TrainerResumeTest.validation).epochs(epochs).batchSize(32).seed(5)
                .checkpoint(dir, 4).step(step);
        return sampler == null ? b : b.sampler(sampler);
    }

    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TrainerResumeTest.data();
    }

    @Test
    void aStepsOwnStateIsCheckpointedAndResumesBitForBit(@TempDir Path straight, @TempDir Path pieces) throws Exception {
        Trainer a = trainer(4, straight, new NoisyCountingStep(1_000_000), null).build();
        a.fit();
        trainer(2, pieces, new NoisyCountingStep(1_000_000), null).build().fit();
        Trainer b = trainer(4, pieces, new NoisyCountingStep(1_000_000), null).build();
        TrainingHistory h = b.resume();
        TrainerResumeTest.assertSameBits(a, b);
        assertThat(h.last().extras()).containsEntry("examples", 4.0 * 300);
        assertThat(pieces.resolve("checkpoint-step-" + b.step() + ".safetensors")).isRegularFile();
    }

    @Test
    void aStepCanStopTrainingBeforeItExceedsABudget(@TempDir Path dir) throws Exception {
        Trainer t = trainer(5, dir, new NoisyCountingStep(100), null).build();
        t.fit();
        assertThat(t.step()).as("four batches of 32 cross 100 examples").isEqualTo(4);
        assertThat(t.stopReason()).isEqualTo("example budget of 100 spent");
        Trainer again = trainer(5, dir, new NoisyCountingStep(100), null).build();
        again.resume();
        assertThat(again.step()).as("a resumed run at its budget takes no step").isEqualTo(4);
    }

    @Test
    void aCheckpointOfAnotherKindOfStepIsRefused(@TempDir Path dir) throws Exception {
        trainer(1, dir, new NoisyCountingStep(1_000_000), null).build().fit();
        assertThatThrownBy(() -> trainer(2, dir, TrainStep.standard(), null).build().resume())
                .isInstanceOf(CheckpointException.class).hasMessageContaining("belongs to a different run")
                .hasMessageContaining("train_step");
    }

    @Test
    void poissonBatchesTrainAndResumeBitForBit(@TempDir Path straight, @TempDir Path pieces) throws Exception {
        SamplerSpec poisson = PoissonSampler.of(0.02);
        Trainer a = trainer(3, straight, TrainStep.standard(), poisson).build();
        TrainingHistory ha = a.fit();
        assertThat(a.step()).as("round(1/q) batches per epoch").isEqualTo(3 * 50);
        trainer(1, pieces, TrainStep.standard(), poisson).build().fit();
        Trainer b = trainer(3, pieces, TrainStep.standard(), poisson).build();
        b.resume();
        TrainerResumeTest.assertSameBits(a, b);
        assertThat(ha.last().trainLoss()).isLessThan(ha.epochs().get(0).trainLoss());
    }

    @Test
    void emptyPoissonBatchesAreSteps(@TempDir Path dir) throws Exception {
        Trainer t = trainer(1, dir, TrainStep.standard(), SamplerSpec.SAMPLERS.parse("poisson(rate=0.001, batches=20)"))
                .build();
        t.fit();
        assertThat(t.step()).isEqualTo(20);
        assertThat(StateTree.counter(t.optimizerState(), "count")).isEqualTo(20);
    }

    /**
     * A loss-only gradient estimate, as a zeroth-order method would make: central differences along each
     * coordinate of one parameter tensor, from the context's loss at other points.
     */
    static final class CoordinateDifferences implements GradientTransformation {
        @Override
        public OptState init(TensorMap params) {
            return new OptState() {};
        }

        @Override
        public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
            TensorMap at = params.copy();
            for (String name : params.names()) {
                double[] a = at.get(name).data();
                double[] u = updates.get(name).data();
                for (int i = 0; i < a.length; i++) {
                    double w = a[i];
                    a[i] = w + 1e-5;
                    double up = ctx.lossAt(at);
                    a[i] = w - 1e-5;
                    double down = ctx.lossAt(at);
                    a[i] = w;
                    u[i] = (up - down) / 2e-5;
                }
            }
        }

        @Override
        public List<Requirement> requirements() {
            return List.of(new Requirement(Capability.LOSS, "coordinate_differences", "its finite differences"));
        }
    }

    @Test
    void theLossOnlyStepTrainsAZerothOrderEstimatorAndRefusesGradientOptimizers(@TempDir Path dir) throws Exception {
        Module model = ModelSpec.parse("logistic").build(new int[] {4}, 3, RandomStream.of(2));
        dev.gradus.data.Dataset iris = dev.gradus.data.Datasets.load("iris");
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss())
                .optimizer(Transforms.chain(new CoordinateDifferences(), Optimizers.sgd().lr(0.05)))
                .data(iris, null).epochs(3).batchSize(50).seed(1).step(TrainStep.lossOnly()).build();
        TrainingHistory h = t.fit();
        assertThat(h.last().trainLoss()).isLessThan(0.8 * h.epochs().get(0).trainLoss());

        Module other = ModelSpec.parse("logistic").build(new int[] {4}, 3, RandomStream.of(2));
        assertThatThrownBy(() -> Trainer.builder().model(other).loss(new CrossEntropyLoss()).optimizer("sam(sgd())")
                .data(iris, null).step(TrainStep.lossOnly()).build())
                .isInstanceOf(MissingCapabilityException.class)
                .hasMessageContaining("sam needs the loss and its gradient at any point (GRADIENT)")
                .hasMessageContaining("the Trainer's loss_only step offers only the gradient");
    }

    /** Per-example clipping to norm 1 and the mean of the clipped gradients, as DP-SGD without noise would do. */
    static final class ClipPerExample implements GradientTransformation {
        double lastMaxNorm;

        @Override
        public OptState init(TensorMap params) {
            return new OptState() {};
        }

        @Override
        public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
            dev.gradus.optim.PerSample ps = ctx.perSample();
            double[] norms = ps.norms();
            double[] w = new double[norms.length];
            for (int i = 0; i < w.length; i++) {
                w[i] = Math.min(1.0, 1.0 / (norms[i] + 1e-6)) / Math.max(1, w.length);
                lastMaxNorm = Math.max(lastMaxNorm, norms[i]);
            }
            TensorMap sum = ps.weightedSum(w);
            updates.forEach((name, u) -> u.assign(sum.get(name)));
        }

        @Override
        public List<Requirement> requirements() {
            return List.of(new Requirement(Capability.PER_SAMPLE, "clip_per_example", "its per-example norms"));
        }
    }

    @Test
    void theStandardStepServesPerExampleGradientsAndRefusesBatchNormUpFront(@TempDir Path dir) throws Exception {
        ClipPerExample clip = new ClipPerExample();
        Module model = ModelSpec.parse("mlp(hidden=(16,))").build(TrainerResumeTest.train.sampleShape(), 10,
                RandomStream.of(5).fork("init"));
        Trainer t = Trainer.builder().model(model).loss(new CrossEntropyLoss())
                .optimizer(Transforms.chain(clip, Optimizers.sgd().lr(0.5)))
                .data(TrainerResumeTest.train, null).epochs(3).batchSize(32).seed(5).build();
        TrainingHistory h = t.fit();
        assertThat(clip.lastMaxNorm).as("per-example norms were served").isPositive();
        assertThat(h.last().trainLoss()).isLessThan(h.epochs().get(0).trainLoss());

        Module bn = ModelSpec.parse("mlp(hidden=(16,), batch_norm=true)").build(TrainerResumeTest.train.sampleShape(),
                10, RandomStream.of(5).fork("init"));
        assertThatThrownBy(() -> Trainer.builder().model(bn).loss(new CrossEntropyLoss())
                .optimizer(Transforms.chain(new ClipPerExample(), Optimizers.sgd().lr(0.5)))
                .data(TrainerResumeTest.train, null).build())
                .hasMessageContaining("per-sample gradients: module").hasMessageContaining("use LayerNorm instead");
    }
}
