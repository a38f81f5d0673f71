package dev.gradus.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.data.Standardizer;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.nn.PerSampleBatch;
import dev.gradus.nn.PerSampleGradients;
import dev.gradus.optim.state.StateTree;
import dev.gradus.privacy.accounting.DpEvent;
import dev.gradus.privacy.accounting.PrivacyLedger;
import dev.gradus.privacy.accounting.RdpAccountant;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingHistory;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DP-SGD: the clipped noisy gradient against a per-example reference, and the private Trainer step end to end. */
class DpSgdStepTest {
    static Dataset train;
    static Dataset validation;

    @BeforeAll
    static void data() {
        Split s = Datasets.load("digits").range(0, 400).split(0.25, 0.0, 3);
        Standardizer z = Standardizer.fit(s.train());
        train = z.apply(s.train());
        validation = z.apply(s.validation());
    }

    static Module model(String spec) {
        return ModelSpec.parse(spec).build(train.sampleShape(), 10, RandomStream.of(5).fork("init"));
    }

    /** The gradient of each example alone, by its own backward pass: the reference for the per-sample paths. */
    static TensorMap[] perExampleReference(Module m, Tensor x, Tensor y) {
        int b = x.dim(0);
        TensorMap[] out = new TensorMap[b];
        for (int i = 0; i < b; i++) {
            Var l = new CrossEntropyLoss().apply(m.forward(Var.constant(x.narrow(0, i, 1))), y.narrow(0, i, 1));
            out[i] = m.gradients(l);
        }
        return out;
    }

    @Test
    void clippedSumMatchesAPerExampleLoopOnBothPathsAndBothClippings() {
        Module m = model("mlp(hidden=(16,))");
        Tensor x = train.features().narrow(0, 0, 12);
        Tensor y = train.y().narrow(0, 0, 12);
        PerSampleBatch ps = PerSampleGradients.of(m, new CrossEntropyLoss()).compute(x, y);
        TensorMap params = m.namedParameters();
        TensorMap[] each = perExampleReference(m, x, y);
        double c = 0.5; // small enough that most examples are clipped
        for (Clipping clipping : Clipping.values()) {
            TensorMap expected = params.zerosLike();
            for (TensorMap gi : each) {
                if (clipping == Clipping.FLAT) {
                    double sq = 0;
                    for (Tensor t : gi.tensors()) {
                        for (double v : t.data()) {
                            sq += v * v;
                        }
                    }
                    double f = Math.min(1, c / (Math.sqrt(sq) + 1e-6));
                    gi.forEach((name, t) -> axpy(expected.get(name), f, t));
                } else {
                    double cl = c / Math.sqrt(params.size());
                    gi.forEach((name, t) -> {
                        double sq = 0;
                        for (double v : t.data()) {
                            sq += v * v;
                        }
                        axpy(expected.get(name), Math.min(1, cl / (Math.sqrt(sq) + 1e-6)), t);
                    });
                }
            }
            for (GradSampleMode mode : GradSampleMode.values()) {
                TensorMap got = new PrivateGradient(c, 0, 1, clipping, mode).clippedSum(ps, params);
                expected.forEach((name, t) -> {
                    double[] e = t.data();
                    double[] g = got.get(name).data();
                    for (int i = 0; i < e.length; i++) {
                        assertThat(g[i]).as(clipping + " " + mode + " " + name).isCloseTo(e[i], within(1e-12));
                    }
                });
            }
        }
    }

    @Test
    void noiseIsSeededScaledAndTheSameOnBothPathsAndTheSumIsOverTheExpectedBatchSize() {
        Module m = model("mlp(hidden=(16,))");
        Tensor x = train.features().narrow(0, 0, 8);
        Tensor y = train.y().narrow(0, 0, 8);
        PerSampleBatch ps = PerSampleGradients.of(m, new CrossEntropyLoss()).compute(x, y);
        TensorMap params = m.namedParameters();
        PrivateGradient ghost = new PrivateGradient(1.0, 1.3, 20, Clipping.FLAT, GradSampleMode.GHOST);
        PrivateGradient mat = new PrivateGradient(1.0, 1.3, 20, Clipping.FLAT, GradSampleMode.MATERIALIZED);
        TensorMap a = ghost.privatize(ps, params, RandomStream.of(9));
        TensorMap b = mat.privatize(ps, params, RandomStream.of(9));
        TensorMap again = ghost.privatize(ps, params, RandomStream.of(9));
        TensorMap sum = ghost.clippedSum(ps, params);
        RandomStream noise = RandomStream.of(9);
        for (String name : params.names()) {
            double[] da = a.get(name).data();
            assertThat(again.get(name).data()).containsExactly(da);
            double[] db = b.get(name).data();
            double[] expected = sum.get(name).data();
            GaussianNoise.addScaled(expected, 1.3, 1 / 20.0, noise);
            for (int i = 0; i < da.length; i++) {
                assertThat(db[i]).isCloseTo(da[i], within(1e-13));
            }
            assertThat(da).containsExactly(expected);
        }
        // an empty batch is noise over L
        TensorMap empty = ghost.privatize(new EmptyView(params), params, RandomStream.of(9));
        RandomStream n2 = RandomStream.of(9);
        for (String name : params.names()) {
            double[] expected = new double[params.get(name).size()];
            GaussianNoise.addScaled(expected, 1.3, 1 / 20.0, n2);
            assertThat(empty.get(name).data()).containsExactly(expected);
        }
    }

    private record EmptyView(TensorMap params) implements dev.gradus.optim.PerSample {
        public int size() {
            return 0;
        }

        public dev.gradus.tensor.Tensor losses() {
            throw new AssertionError();
        }

        public TensorMap gradients() {
            throw new AssertionError();
        }

        public Map<String, double[]> parameterNorms() {
            return Map.of();
        }

        public double[] norms() {
            return new double[0];
        }

        public TensorMap weightedSum(double[] w) {
            return params.zerosLike();
        }
    }

    static Trainer.Builder privateTrainer(String privacy, int epochs, Path dir) {
        Trainer.Builder b = Trainer.builder().optimizer("sgd(lr=0.5, momentum=0.9)").data(train, validation).seed(11)
                .checkpoint(dir, 7);
        PrivacyEngine.makePrivate(b, model("mlp(hidden=(32,))"), new CrossEntropyLoss(), train, 30, epochs,
                DpSgd.parse(privacy));
        return b;
    }

    @Test
    void privateTrainingLearnsReportsEpsilonAndResumesBitForBit(@TempDir Path straightDir, @TempDir Path piecesDir)
            throws Exception {
        String spec = "dp_sgd(noise_multiplier=1.0, max_grad_norm=1.0)";
        Trainer straight = privateTrainer(spec, 4, straightDir).build();
        TrainingHistory h = straight.fit();
        privateTrainer(spec, 2, piecesDir).build().fit();
        Trainer resumed = privateTrainer(spec, 4, piecesDir).build();
        TrainingHistory h2 = resumed.resume();

        Map<String, StateLeaf> sa = StateTree.leaves(straight.optimizerState());
        TensorMap wa = straight.model().stateDict();
        TensorMap wb = resumed.model().stateDict();
        wa.forEach((name, t) -> assertThat(wb.get(name).data()).as(name).isEqualTo(t.data()));
        assertThat(StateTree.leaves(resumed.optimizerState()).keySet()).isEqualTo(sa.keySet());
        double eps = h.last().extras().get("epsilon");
        assertThat(h2.last().extras().get("epsilon")).isEqualTo(eps);
        // q = 30/300, 10 batches an epoch, 40 steps at sigma 1
        double expected = RdpAccountant.opacus().epsilon(DpEvent.dpSgd(0.1, 1.0, 40), 1e-5).epsilon();
        assertThat(eps).isEqualTo(expected);
        assertThat(straight.step()).isEqualTo(40);
        assertThat(h.last().valAccuracy()).as("learns despite the noise").isGreaterThan(0.5);
        assertThat(h.last().trainAccuracy()).isGreaterThan(0.3);
    }

    @Test
    void stopsBeforeTheStepThatWouldExceedTheBudgetAndSaysSo(@TempDir Path dir) throws Exception {
        // sigma 1.5 at q = 0.1 allows 21 of the 200 planned steps within epsilon 2 (sigma 0.8 would stop at step 0)
        Trainer t = privateTrainer("dp_sgd(noise_multiplier=1.5, target_epsilon=2.0, max_grad_norm=1.0)", 20, dir)
                .build();
        t.fit();
        assertThat(t.stopReason()).startsWith("privacy budget: step").contains("above the target 2.0");
        long taken = t.step();
        RdpAccountant acc = RdpAccountant.opacus();
        assertThat(acc.epsilon(DpEvent.dpSgd(0.1, 1.5, taken), 1e-5).epsilon()).isLessThanOrEqualTo(2.0);
        assertThat(acc.epsilon(DpEvent.dpSgd(0.1, 1.5, taken + 1), 1e-5).epsilon()).isGreaterThan(2.0);
        assertThat(taken).as("stops mid-run, not before the first step").isBetween(10L, 199L);
        // a resumed stopped run stays stopped and reports the same epsilon
        Trainer again = privateTrainer("dp_sgd(noise_multiplier=1.5, target_epsilon=2.0, max_grad_norm=1.0)", 20, dir)
                .build();
        again.resume();
        assertThat(again.step()).isEqualTo(taken);
    }

    @Test
    void calibratesSigmaForTheTargetAndTheWholeRunStaysWithinIt(@TempDir Path dir) throws Exception {
        Trainer.Builder b = Trainer.builder().optimizer("sgd(lr=0.5)").data(train, validation).seed(3).checkpoint(dir, 0);
        PrivatePlan plan = PrivacyEngine.makePrivate(b, model("mlp(hidden=(16,))"), new CrossEntropyLoss(), train, 30, 3,
                DpSgd.parse("dp_sgd(target_epsilon=4, delta=1e-5)"));
        assertThat(plan.plannedSteps()).isEqualTo(30);
        Trainer t = b.build();
        TrainingHistory h = t.fit();
        assertThat(t.stopReason()).isNull();
        assertThat(t.step()).isEqualTo(30);
        assertThat(h.last().extras().get("epsilon")).isLessThanOrEqualTo(4.0).isGreaterThan(3.99 - 0.01);
    }

    @Test
    void ledgerIsTheStepStateInTheCheckpoint(@TempDir Path dir) throws Exception {
        Trainer t = privateTrainer("dp_sgd(noise_multiplier=1.0)", 1, dir).build();
        t.fit();
        DpSgdStep step = (DpSgdStep) DpSgd.parse("dp_sgd(noise_multiplier=1.0)").plan(train.size(), 30, 1).step();
        DpSgdStep.State s = (DpSgdStep.State) step.init(new TensorMap());
        PrivacyLedger l = s.ledger();
        assertThat(l.steps()).isZero();
        assertThat(step.describe()).contains("noise_multiplier=1.0", "sampling_rate=0.1", "expected_batch_size=30.0",
                "sampling=poisson");
    }

    @Test
    void refusesBatchNormAndOptimizersThatNeedTheNonPrivateObjective(@TempDir Path dir) {
        assertThatThrownBy(() -> PrivacyEngine.makePrivate(Trainer.builder(), model("mlp(hidden=(8,), batch_norm=true)"),
                new CrossEntropyLoss(), train, 30, 1, DpSgd.parse("dp_sgd(noise_multiplier=1)")))
                .hasMessageContaining("BatchNorm1d").hasMessageContaining("LayerNorm");
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(max_grad_norm=1)"))
                .hasMessageContaining("give noise_multiplier or target_epsilon");
        assertThatThrownBy(() -> DpSgd.parse("dp_sgd(noise_multiplier=1, delta=2)")).hasMessageContaining("delta");
        Trainer.Builder b = Trainer.builder().optimizer("sam(base=sgd(lr=0.1), rho=0.05)").data(train, validation)
                .seed(1);
        PrivacyEngine.makePrivate(b, model("mlp(hidden=(8,))"), new CrossEntropyLoss(), train, 30, 1,
                DpSgd.parse("dp_sgd(noise_multiplier=1)"));
        assertThatThrownBy(b::build).hasMessageContaining("sam");
    }

    private static void axpy(Tensor y, double a, Tensor x) {
        double[] yd = y.data();
        double[] xd = x.data();
        for (int i = 0; i < yd.length; i++) {
            yd[i] += a * xd[i];
        }
    }
}
