package dev.gradus.spark;

import dev.gradus.data.Dataset;
import dev.gradus.data.Datasets;
import dev.gradus.data.Split;
import dev.gradus.data.Standardizer;
import dev.gradus.distributed.DataParallelStep;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Module;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.ModelSpec;
import dev.gradus.train.TrainStep;
import dev.gradus.train.Trainer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;

import static org.assertj.core.api.Assertions.assertThat;

/** A small digits problem, trainers on either engine, and bit-level comparisons shared by the tests. */
final class Digits {
    static final String MODEL = "mlp(hidden=(16,))";
    static final Dataset TRAIN;
    static final Dataset VALIDATION;

    static {
        Split s = Datasets.load("digits").range(0, 400).split(0.25, 0.0, 3);
        Standardizer z = Standardizer.fit(s.train());
        TRAIN = z.apply(s.train());
        VALIDATION = z.apply(s.validation());
    }

    private Digits() {}

    static Module model() {
        return ModelSpec.parse(MODEL).build(TRAIN.sampleShape(), 10, RandomStream.of(5).fork("init"));
    }

    /** A trainer whose step is {@code reference} in-process, or on Spark when {@code sc} is not null. */
    static Trainer trainer(int epochs, Path dir, DataParallelStep reference, JavaSparkContext sc, int partitions,
            String optimizer) {
        return trainer(epochs, dir, reference, sc, partitions, optimizer,
                SparkDataParallelStep.DEFAULT_KEYED_MEAN_ABOVE);
    }

    /** As above, with the plain mean reduced by key when a round's messages exceed {@code keyedMeanAbove} bytes. */
    static Trainer trainer(int epochs, Path dir, DataParallelStep reference, JavaSparkContext sc, int partitions,
            String optimizer, long keyedMeanAbove) {
        Module model = model();
        CrossEntropyLoss loss = new CrossEntropyLoss();
        TrainStep step = sc == null ? reference : SparkDataParallelStep.of(reference, sc, partitions,
                ModelSpec.parse(MODEL), model, loss, TRAIN, 10).keyedMeanAbove(keyedMeanAbove);
        Trainer.Builder b = Trainer.builder().model(model).loss(loss).optimizer(optimizer).data(TRAIN, VALIDATION)
                .epochs(epochs).batchSize(32).seed(5).step(step);
        return (dir == null ? b : b.checkpoint(dir, 3)).build();
    }

    static void assertSameBits(Trainer a, Trainer b) {
        TensorMap sa = a.model().stateDict();
        TensorMap sb = b.model().stateDict();
        assertThat(sb.names()).containsExactlyElementsOf(sa.names());
        sa.forEach((name, t) -> assertThat(bits(sb.get(name))).as(name).containsExactly(bits(t)));
        assertSameLeaves(a.optimizerState(), b.optimizerState());
        assertThat(b.step()).isEqualTo(a.step());
    }

    static void assertSameLeaves(dev.gradus.optim.OptState a, dev.gradus.optim.OptState b) {
        Map<String, StateLeaf> oa = StateTree.leaves(a);
        Map<String, StateLeaf> ob = StateTree.leaves(b);
        assertThat(ob.keySet()).containsExactlyElementsOf(oa.keySet());
        oa.forEach((path, leaf) -> assertThat(leafBits(ob.get(path))).as(path).isEqualTo(leafBits(leaf)));
    }

    static String leafBits(StateLeaf leaf) {
        java.nio.ByteBuffer data = leaf.encode("x").data();
        byte[] out = new byte[data.remaining()];
        data.duplicate().get(out);
        return HexFormat.of().formatHex(out);
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
