package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.data.Standardizer;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training N epochs straight and training in pieces with checkpoints in between give the same bits. */
class TrainerResumeTest {
    static final String MODEL = "mlp(hidden=(32, 16), batch_norm=true, dropout=0.2)";
    static Dataset train;
    static Dataset validation;

    @BeforeAll
    static void data() {
        Split s = Datasets.load("digits").range(0, 400).split(0.25, 0.0, 3);
        Standardizer z = Standardizer.fit(s.train());
        train = z.apply(s.train());
        validation = z.apply(s.validation());
    }

    static Trainer.Builder trainer(int epochs, Path dir, long every) {
        Module model = ModelSpec.parse(MODEL).build(train.sampleShape(), 10, RandomStream.of(11).fork("init"));
        return Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=1e-2)")
                .data(train, validation).epochs(epochs).batchSize(32).seed(11).checkpoint(dir, every)
                .describe("model", MODEL);
    }

    @Test
    void tenEpochsEqualFiveThenFiveMoreBitForBit(@TempDir Path straightDir, @TempDir Path piecesDir) throws Exception {
        Trainer straight = trainer(10, straightDir, 0).build();
        TrainingHistory h = straight.fit();

        trainer(5, piecesDir, 0).build().fit();
        Trainer resumed = trainer(10, piecesDir, 0).build();
        TrainingHistory h2 = resumed.resume();

        assertSameBits(straight, resumed);
        assertThat(h2.size()).isEqualTo(10);
        for (int e = 0; e < 10; e++) {
            EpochMetrics a = h.epochs().get(e);
            EpochMetrics b = h2.epochs().get(e);
            assertThat(List.of(a.step(), a.trainLoss(), a.trainAccuracy(), a.valLoss(), a.valAccuracy()))
                    .isEqualTo(List.of(b.step(), b.trainLoss(), b.trainAccuracy(), b.valLoss(), b.valAccuracy()));
        }
        assertThat(h.last().valAccuracy()).as("the model learns").isGreaterThan(0.8);
    }

    @Test
    void anInterruptionMidEpochResumesFromTheLastStepCheckpoint(@TempDir Path straightDir, @TempDir Path piecesDir)
            throws Exception {
        Trainer straight = trainer(4, straightDir, 0).build();
        straight.fit();

        // 300 samples / 32 = 10 batches per epoch; checkpoints every 7 steps; crash at step 24 (epoch 3, batch 4).
        Trainer crashing = trainer(4, piecesDir, 7).callbacks(new Callback() {
            @Override
            public void onStepEnd(TrainingContext ctx, double loss) {
                if (ctx.step() == 24) {
                    throw new IllegalStateException("simulated crash");
                }
            }
        }).build();
        assertThatThrownBy(crashing::fit).hasMessage("simulated crash");
        Trainer resumed = trainer(4, piecesDir, 7).build();
        resumed.resume();
        assertSameBits(straight, resumed);
    }

    static void assertSameBits(Trainer a, Trainer b) {
        TensorMap sa = a.model().stateDict();
        TensorMap sb = b.model().stateDict();
        assertThat(sb.names()).containsExactlyElementsOf(sa.names());
        sa.forEach((name, t) -> assertThat(bits(sb.get(name))).as(name).containsExactly(bits(t)));
        Map<String, StateLeaf> oa = StateTree.leaves(a.optimizerState());
        Map<String, StateLeaf> ob = StateTree.leaves(b.optimizerState());
        assertThat(ob.keySet()).containsExactlyElementsOf(oa.keySet());
        oa.forEach((path, leaf) -> assertThat(leafBits(ob.get(path))).as(path).isEqualTo(leafBits(leaf)));
        assertThat(b.model().randomStates()).hasSameSizeAs(a.model().randomStates());
        a.model().randomStates().forEach((k, v) -> assertThat(b.model().randomStates().get(k)).as(k).containsExactly(v));
        assertThat(b.step()).isEqualTo(a.step());
    }

    /** The leaf's saved bytes, as text: equal exactly when the leaves hold the same bits. */
    static String leafBits(StateLeaf leaf) {
        java.nio.ByteBuffer data = leaf.encode("x").data();
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return java.util.HexFormat.of().formatHex(out);
    }

    static long[] bits(Tensor t) {
        double[] d = t.data();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = Double.doubleToRawLongBits(d[i]);
        }
        return out;
    }
}
