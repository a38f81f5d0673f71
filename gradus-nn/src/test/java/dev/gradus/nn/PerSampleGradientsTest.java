package dev.gradus.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.autodiff.Var;
import dev.gradus.optim.kernel.Chunks;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Map;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Every batched per-sample rule against the per-example loop: for each example alone, the loss as
 * {@link Loss#apply} gives it for that one example and the model's ordinary gradient.
 */
class PerSampleGradientsTest {
    private static final double TOLERANCE = 1e-12;

    /** The reference: each example's own loss and its {@code [B, ...]} gradients, one forward and backward each. */
    record Reference(TensorMap gradients, double[] losses) {}

    static Reference loop(Module model, Loss loss, Tensor x, Tensor y, Predicate<String> names) {
        int b = x.dim(0);
        TensorMap out = new TensorMap();
        double[] losses = new double[b];
        for (int i = 0; i < b; i++) {
            Var li = loss.apply(model.forward(x.narrow(0, i, 1)), y.narrow(0, i, 1)).sum();
            losses[i] = li.item();
            TensorMap g = model.gradients(li);
            for (String name : g.names()) {
                if (!names.test(name)) {
                    continue;
                }
                Tensor gi = g.get(name);
                if (!out.contains(name)) {
                    int[] s = new int[gi.rank() + 1];
                    s[0] = b;
                    System.arraycopy(gi.shape(), 0, s, 1, gi.rank());
                    out.put(name, Tensor.zeros(s));
                }
                System.arraycopy(gi.data(), 0, out.get(name).data(), i * gi.size(), gi.size());
            }
        }
        return new Reference(out, losses);
    }

    /** Checks gradients, norms, per-parameter norms, weighted sums and losses against the loop. */
    static PerSampleBatch checkAgainstLoop(Module model, Loss loss, Tensor x, Tensor y) {
        return checkAgainstLoop(model, loss, x, y, name -> true);
    }

    static PerSampleBatch checkAgainstLoop(Module model, Loss loss, Tensor x, Tensor y, Predicate<String> names) {
        Map<String, long[]> streams = model.randomStates();
        PerSampleBatch batch = PerSampleGradients.of(model, loss).parameters(names).compute(x, y);
        Map<String, long[]> after = model.randomStates();
        model.loadRandomStates(streams); // the loop draws the same dropout masks, example after example
        Reference reference = loop(model, loss, x, y, names);
        TensorMap want = reference.gradients();
        assertThat(model.randomStates()).as("the batch advances the streams as the loop does")
                .usingRecursiveComparison().isEqualTo(after);
        int b = x.dim(0);
        assertThat(batch.size()).isEqualTo(b);
        assertThat(batch.names()).containsExactlyElementsOf(want.names());

        TensorMap got = batch.gradients();
        for (String name : want.names()) {
            assertClose(name, got.get(name), want.get(name));
        }
        TensorMap dirty = got.zerosLike();
        dirty.forEach((name, t) -> java.util.Arrays.fill(t.data(), Double.NaN));
        TensorMap into = batch.gradientsInto(dirty);
        for (String name : want.names()) {
            assertThat(into.get(name).data()).as("%s written over a NaN buffer", name)
                    .isEqualTo(got.get(name).data());
        }
        double[] joint = new double[b];
        Map<String, double[]> perParameter = batch.parameterNorms();
        for (String name : want.names()) {
            Tensor g = want.get(name);
            int size = g.size() / b;
            for (int i = 0; i < b; i++) {
                double sq = 0;
                for (int k = i * size; k < (i + 1) * size; k++) {
                    sq += g.data()[k] * g.data()[k];
                }
                joint[i] += sq;
                assertRelative(name + " norm of example " + i, perParameter.get(name)[i], Math.sqrt(sq));
            }
        }
        double[] norms = batch.norms();
        for (int i = 0; i < b; i++) {
            assertRelative("joint norm of example " + i, norms[i], Math.sqrt(joint[i]));
        }
        double[] w = new double[b];
        for (int i = 0; i < b; i++) {
            w[i] = 0.5 - 0.3 * i;
        }
        TensorMap sum = batch.weightedSum(w);
        TensorMap squares = batch.weightedSumOfSquares(w);
        for (String name : want.names()) {
            assertClose(name + " weighted sum", sum.get(name), weighted(want.get(name), w, 1));
            assertClose(name + " weighted sum of squares", squares.get(name), weighted(want.get(name), w, 2));
        }
        Tensor losses = batch.losses();
        for (int i = 0; i < b; i++) {
            assertRelative("loss of example " + i, losses.data()[i], reference.losses()[i]);
        }
        return batch;
    }

    /** {@code sum_i w_i g_i^power} over the rows of {@code perExample [B, ...]}, elementwise. */
    static Tensor weighted(Tensor perExample, double[] w, int power) {
        int b = perExample.dim(0);
        int size = perExample.size() / b;
        int[] shape = java.util.Arrays.copyOfRange(perExample.shape(), 1, perExample.rank());
        Tensor out = Tensor.zeros(shape);
        for (int i = 0; i < b; i++) {
            for (int k = 0; k < size; k++) {
                out.data()[k] += w[i] * Math.pow(perExample.data()[i * size + k], power);
            }
        }
        return out;
    }

    static void assertClose(String what, Tensor got, Tensor want) {
        assertThat(got.shape()).as(what).containsExactly(want.shape());
        double scale = 1;
        for (double v : want.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < want.size(); k++) {
            double err = Math.abs(got.data()[k] - want.data()[k]);
            assertThat(err).as(what + " at " + k + ": " + got.data()[k] + " vs " + want.data()[k])
                    .isLessThanOrEqualTo(TOLERANCE * scale);
        }
    }

    static void assertRelative(String what, double got, double want) {
        assertThat(Math.abs(got - want)).as(what + ": " + got + " vs " + want)
                .isLessThanOrEqualTo(TOLERANCE * Math.max(1, Math.abs(want)));
    }

    private static Tensor labels(RandomStream rng, int n, int classes) {
        Tensor y = Tensor.zeros(n);
        for (int i = 0; i < n; i++) {
            y.data()[i] = Math.min(classes - 1, (int) (rng.uniform() * classes));
        }
        return y;
    }

    private static Map<String, PerSampleGradients.Path> allBatched(PerSampleBatch b) {
        Map<String, PerSampleGradients.Path> paths = b.paths();
        assertThat(paths.values()).as(b.toString()).containsOnly(PerSampleGradients.Path.BATCHED);
        return paths;
    }

    // ------------------------------------------------------------------ layers

    @Test
    void linearOnABatchOfVectors() {
        RandomStream rng = RandomStream.of(1);
        Module model = new Sequential(new Linear(5, 4, rng), new Tanh(), new Linear(4, 3, rng));
        allBatched(checkAgainstLoop(model, new CrossEntropyLoss(), Tensor.randn(rng, 6, 5), labels(rng, 6, 3)));
    }

    @Test
    void linearWithoutBiasUnderEveryReduction() {
        RandomStream rng = RandomStream.of(2);
        Module model = new Sequential(new Linear(3, 4, false, rng), new Sigmoid(), new Linear(4, 2, false, rng));
        Tensor x = Tensor.randn(rng, 5, 3);
        Tensor y = Tensor.randn(rng, 5, 2);
        for (Reduction r : Reduction.values()) {
            allBatched(checkAgainstLoop(model, new MseLoss(r), x, y));
        }
    }

    @Test
    void linearOnSequencesWithTheGhostNormAndWithoutIt() {
        RandomStream rng = RandomStream.of(3);
        // T (in + out) <= in out: the ghost norm; the other way round: per-example products
        for (int[] cfg : new int[][] {{8, 6, 3}, {3, 2, 5}}) {
            Module model = new Sequential(new Linear(cfg[0], cfg[1], rng), new GELU(), new Linear(cfg[1], 2, rng));
            Tensor x = Tensor.randn(rng, 4, cfg[2], cfg[0]);
            Tensor y = Tensor.randn(rng, 4, cfg[2], 2);
            allBatched(checkAgainstLoop(model, new MseLoss(Reduction.SUM), x, y));
        }
    }

    @Test
    void linearOnFourDimensionalInput() {
        RandomStream rng = RandomStream.of(4);
        Module model = new Sequential(new Linear(3, 2, rng), new Softplus(), new Flatten(), new Linear(2 * 2 * 3, 1, rng));
        Tensor x = Tensor.randn(rng, 3, 2, 3, 3);
        allBatched(checkAgainstLoop(model, new BceWithLogitsLoss(), x, Tensor.of(new double[] {1, 0, 1}, 3, 1)));
    }

    @Test
    void conv2dWithTheGhostNormAndWithoutIt() {
        RandomStream rng = RandomStream.of(5);
        // L (O + K) <= O K (ghost) for the strided layer, not for the dense one
        Module ghost = new Sequential(new Conv2d(3, 8, 3, 2, 0, true, rng), new Flatten(), new Linear(8 * 2 * 2, 3, rng));
        allBatched(checkAgainstLoop(ghost, new CrossEntropyLoss(), Tensor.randn(rng, 4, 3, 5, 5), labels(rng, 4, 3)));
        Module direct = new Sequential(new Conv2d(2, 3, 3, 1, 1, false, rng), new ReLU(), new Flatten(),
                new Linear(3 * 4 * 4, 2, rng));
        allBatched(checkAgainstLoop(direct, new CrossEntropyLoss(), Tensor.randn(rng, 3, 2, 4, 4), labels(rng, 3, 2)));
    }

    @Test
    void layerNormOnVectorsAndSequences() {
        RandomStream rng = RandomStream.of(6);
        LayerNorm norm = new LayerNorm(4);
        norm.weight().value().assign(Tensor.randn(rng, 4).mul(0.3).add(1.0));
        norm.bias().value().assign(Tensor.randn(rng, 4).mul(0.3));
        Module vectors = new Sequential(new Linear(3, 4, rng), norm, new Tanh(), new Linear(4, 2, rng));
        allBatched(checkAgainstLoop(vectors, new CrossEntropyLoss(), Tensor.randn(rng, 5, 3), labels(rng, 5, 2)));
        Module sequences = new Sequential(new LayerNorm(3), new Linear(3, 2, rng));
        allBatched(checkAgainstLoop(sequences, new MseLoss(), Tensor.randn(rng, 4, 3, 3), Tensor.randn(rng, 4, 3, 2)));
    }

    @Test
    void linearSelfAttentionInBothForms() {
        RandomStream rng = RandomStream.of(7);
        Tensor x = Tensor.randn(rng, 3, 4, 3);
        Tensor y = Tensor.randn(rng, 3, 4, 3);
        Module factored = LinearSelfAttention.builder(3).heads(2).keySize(2).valueSize(3)
                .mask(AttentionMask.excludeLast(1)).build(rng);
        allBatched(checkAgainstLoop(factored, new MseLoss(), x, y));
        Module merged = LinearSelfAttention.builder(3).heads(2).parametrisation(LinearSelfAttention.Parametrisation.MERGED)
                .mask(AttentionMask.causal()).residual(false).build(rng);
        allBatched(checkAgainstLoop(merged, new MseLoss(), x, y));
    }

    @Test
    void softmaxSelfAttention() {
        RandomStream rng = RandomStream.of(8);
        Module model = new Sequential(SoftmaxSelfAttention.builder(4).heads(2).keySize(3).valueSize(2)
                .mask(AttentionMask.causal()).build(rng), new LayerNorm(4), new Linear(4, 1, rng));
        allBatched(checkAgainstLoop(model, new MseLoss(), Tensor.randn(rng, 3, 5, 4), Tensor.randn(rng, 3, 5, 1)));
    }

    // ----------------------------------------------------------- whole models

    @Test
    void mlpWithLayerNormAndDropoutInTrainingMode() {
        RandomStream rng = RandomStream.of(9);
        Sequential mlp = Mlp.builder(6).hidden(8, 5).outputs(3).norm(Mlp.Norm.LAYER).dropout(0.3).build(rng);
        assertThat(mlp.isTraining()).isTrue();
        Tensor x = Tensor.randn(rng, 7, 6);
        PerSampleBatch b = checkAgainstLoop(mlp, new CrossEntropyLoss(Reduction.MEAN, 0.1), x, labels(rng, 7, 3));
        allBatched(b);
        assertThat(b.names()).containsExactlyElementsOf(mlp.namedParameters().names());
    }

    @Test
    void smallCnn() {
        RandomStream rng = RandomStream.of(10);
        Module cnn = new Sequential(new Conv2d(1, 4, 3, 1, 1, true, rng), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 3, 3, rng), new Tanh(), new Flatten(), new Dropout(0.2, rng.fork("dropout")),
                new Linear(3 * 2 * 2, 3, rng));
        Tensor x = Tensor.randn(rng, 5, 1, 8, 8);
        allBatched(checkAgainstLoop(cnn, new CrossEntropyLoss(), x, labels(rng, 5, 3)));
    }

    @Property(tries = 12, seed = "20261202")
    void mlpsOfAnyShapeMatchTheLoop(@ForAll @IntRange(min = 1, max = 6) int batch,
                                    @ForAll @IntRange(min = 1, max = 7) int inputs,
                                    @ForAll @IntRange(min = 1, max = 9) int hidden,
                                    @ForAll @IntRange(min = 2, max = 4) int classes,
                                    @ForAll @IntRange(min = 0, max = 1000) int seed) {
        RandomStream rng = RandomStream.of(seed);
        Sequential mlp = Mlp.builder(inputs).hidden(hidden, hidden).outputs(classes).build(rng);
        allBatched(checkAgainstLoop(mlp, new CrossEntropyLoss(), Tensor.randn(rng, batch, inputs), labels(rng, batch, classes)));
    }

    @Property(tries = 15, seed = "20261203")
    void convolutionsOfAnyGeometryMatchTheLoop(@ForAll @IntRange(min = 1, max = 3) int channels,
                                               @ForAll @IntRange(min = 1, max = 6) int outChannels,
                                               @ForAll @IntRange(min = 3, max = 6) int size,
                                               @ForAll @IntRange(min = 1, max = 3) int kernel,
                                               @ForAll @IntRange(min = 1, max = 2) int stride,
                                               @ForAll @IntRange(min = 0, max = 1) int padding,
                                               @ForAll @IntRange(min = 0, max = 1000) int seed) {
        RandomStream rng = RandomStream.of(seed);
        int out = (size + 2 * padding - kernel) / stride + 1;
        Module model = new Sequential(new Conv2d(channels, outChannels, kernel, stride, padding, seed % 2 == 0, rng),
                new Tanh(), new Flatten(), new Linear(outChannels * out * out, 2, rng));
        allBatched(checkAgainstLoop(model, new CrossEntropyLoss(), Tensor.randn(rng, 3, channels, size, size),
                labels(rng, 3, 2)));
    }

    @Property(tries = 15, seed = "20261204")
    void linearLayersOnSequencesOfAnyShapeMatchTheLoop(@ForAll @IntRange(min = 1, max = 8) int tokens,
                                                       @ForAll @IntRange(min = 1, max = 8) int in,
                                                       @ForAll @IntRange(min = 1, max = 8) int out,
                                                       @ForAll @IntRange(min = 0, max = 1000) int seed) {
        RandomStream rng = RandomStream.of(seed);
        Module model = new Sequential(new Linear(in, out, rng), new ReLU(), new Linear(out, 2, seed % 2 == 0, rng));
        allBatched(checkAgainstLoop(model, new MseLoss(), Tensor.randn(rng, 3, tokens, in), Tensor.randn(rng, 3, tokens, 2)));
    }

    // ------------------------------------------------------- the loop and refusals

    /** A layer without a batched rule: {@code y = x * scale} with a learned per-feature scale. */
    static final class Scale extends Module {
        final Parameter scale;

        Scale(int features, RandomStream rng) {
            scale = addParameter("scale", Tensor.randn(rng, features));
        }

        @Override
        public Var forward(Var input) {
            return input.mul(scale.node());
        }
    }

    @Test
    void aModuleWithoutARuleGoesThroughTheLoop() {
        RandomStream rng = RandomStream.of(11);
        Module model = new Sequential(new Linear(3, 4, rng), new Scale(4, rng), new ReLU(), new Linear(4, 2, rng));
        PerSampleBatch b = checkAgainstLoop(model, new CrossEntropyLoss(), Tensor.randn(rng, 5, 3), labels(rng, 5, 2));
        assertThat(b.paths()).containsEntry("1.scale", PerSampleGradients.Path.LOOP)
                .containsEntry("0.weight", PerSampleGradients.Path.BATCHED)
                .containsEntry("3.bias", PerSampleGradients.Path.BATCHED);
        assertThat(b.toString()).contains("1.scale [4]: per-example loop, module '1' (Scale) has no batched per-sample rule");
    }

    @Test
    void batchNormGoesThroughTheLoopInEvalModeAndIsRefusedInTraining() {
        RandomStream rng = RandomStream.of(12);
        Sequential model = Mlp.builder(3).hidden(4).outputs(2).norm(Mlp.Norm.BATCH).build(rng);
        Tensor x = Tensor.randn(rng, 5, 3);
        Tensor y = labels(rng, 5, 2);
        TensorMap buffers = model.namedBuffers().copy();
        assertThatThrownBy(() -> PerSampleGradients.of(model, new CrossEntropyLoss()).compute(x, y))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("module '1' (BatchNorm1d) is in training mode")
                .hasMessageContaining("use LayerNorm instead, or switch that layer to eval mode (model.module(\"1\").eval())");
        assertThat(model.namedBuffers().get("1.running_mean").data()).isEqualTo(buffers.get("1.running_mean").data());
        model.module("1").eval();
        PerSampleBatch b = checkAgainstLoop(model, new CrossEntropyLoss(), x, y);
        assertThat(b.paths()).containsEntry("1.weight", PerSampleGradients.Path.LOOP)
                .containsEntry("1.bias", PerSampleGradients.Path.LOOP)
                .containsEntry("0.weight", PerSampleGradients.Path.BATCHED);
    }

    @Test
    void theLoopWithDropoutInTrainingModeIsRefusedWithoutMovingTheStreams() {
        RandomStream rng = RandomStream.of(13);
        Module model = new Sequential(new Linear(3, 4, rng), new Dropout(0.5, rng.fork("d")), new Scale(4, rng),
                new Linear(4, 2, rng));
        Map<String, long[]> streams = model.randomStates();
        assertThatThrownBy(() -> PerSampleGradients.of(model, new CrossEntropyLoss())
                .compute(Tensor.randn(rng, 3, 3), labels(rng, 3, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parameter [2.scale] need the per-example loop (2.scale: module '2' (Scale) has no")
                .hasMessageContaining("module '1' (Dropout)")
                .hasMessageContaining("put the model in eval mode");
        assertThat(model.randomStates()).usingRecursiveComparison().isEqualTo(streams);
        model.eval();
        checkAgainstLoop(model, new CrossEntropyLoss(), Tensor.randn(rng, 3, 3), labels(rng, 3, 2));
    }

    /** A model holding {@code layer} as its child {@code inner} and computing {@code forward(layer, input)}. */
    static Module around(Linear layer, java.util.function.BiFunction<Linear, Var, Var> forward) {
        return new Module() {
            {
                addModule("inner", layer);
            }

            @Override
            public Var forward(Var input) {
                return forward.apply(layer, input);
            }
        };
    }

    @Test
    void aLayerAppliedTwiceSumsItsUses() {
        RandomStream rng = RandomStream.of(14);
        Module model = around(new Linear(3, 3, rng), (shared, input) -> shared.forward(shared.forward(input).tanh()));
        allBatched(checkAgainstLoop(model, new MseLoss(), Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4, 3)));
    }

    @Test
    void aWeightAlsoReadOutsideItsLayerGoesThroughTheLoop() {
        RandomStream rng = RandomStream.of(15);
        // a tied weight: the layer, then its transpose by hand
        Module model = around(new Linear(3, 3, rng), (layer, input) -> layer.forward(input).tanh().matmul(layer.weight().node()));
        PerSampleBatch b = checkAgainstLoop(model, new MseLoss(), Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4, 3));
        assertThat(b.paths()).containsEntry("inner.weight", PerSampleGradients.Path.LOOP)
                .containsEntry("inner.bias", PerSampleGradients.Path.BATCHED);
        assertThat(b.toString()).contains("read 2 times in the forward pass but reported 1 times");
    }

    @Test
    void aSubsetOfParametersFrozenParametersAndUnusedOnes() {
        RandomStream rng = RandomStream.of(16);
        Sequential model = new Sequential(new Linear(3, 4, rng), new ReLU(), new Linear(4, 2, rng));
        model.get(2).localParameters().get("bias").setTrainable(false);
        Tensor x = Tensor.randn(rng, 4, 3);
        Tensor y = labels(rng, 4, 2);
        PerSampleBatch weights = checkAgainstLoop(model, new CrossEntropyLoss(), x, y, name -> name.endsWith("weight"));
        assertThat(weights.names()).containsExactly("0.weight", "2.weight");

        Module unused = new Module() {
            final Linear used = addModule("used", new Linear(3, 2, rng));
            final Linear idle = addModule("idle", new Linear(3, 2, rng));

            @Override
            public Var forward(Var input) {
                return used.forward(input);
            }
        };
        PerSampleBatch b = checkAgainstLoop(unused, new MseLoss(), x, Tensor.randn(rng, 4, 2));
        assertThat(b.parameterNorms().get("idle.weight")).containsOnly(0.0);
    }

    @Test
    void weightsPerParameterForPerLayerClipping() {
        RandomStream rng = RandomStream.of(17);
        Sequential model = new Sequential(new Linear(3, 4, rng), new ReLU(), new Linear(4, 2, rng));
        Tensor x = Tensor.randn(rng, 5, 3);
        PerSampleBatch b = PerSampleGradients.of(model, new CrossEntropyLoss()).compute(x, labels(rng, 5, 2));
        Map<String, double[]> norms = b.parameterNorms();
        Map<String, double[]> factors = new java.util.LinkedHashMap<>();
        norms.forEach((name, n) -> {
            double[] c = new double[n.length];
            for (int i = 0; i < n.length; i++) {
                c[i] = Math.min(1, 0.1 / (n[i] + 1e-6));
            }
            factors.put(name, c);
        });
        TensorMap clipped = b.weightedSum(factors);
        TensorMap each = b.gradients();
        for (String name : b.names()) {
            assertClose(name, clipped.get(name), weighted(each.get(name), factors.get(name), 1));
        }
        assertThatThrownBy(() -> b.weightedSum(Map.of("0.weight", new double[5])))
                .hasMessageContaining("weights are given for [0.weight] but the parameters are [0.weight, 0.bias, 2.weight, 2.bias]");
        assertThatThrownBy(() -> b.weightedSum(new double[4]))
                .hasMessageContaining("must have one entry per example (5), got 4");
    }

    @Test
    void aLambdaLossUsesTheDefaultPerExampleLoss() {
        RandomStream rng = RandomStream.of(18);
        Module model = new Sequential(new Linear(3, 2, rng), new Tanh(), new Linear(2, 2, rng));
        Loss absolute = (prediction, target) -> prediction.sub(target).abs().mean();
        allBatched(checkAgainstLoop(model, absolute, Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4, 2)));
    }

    @Test
    void badInputsAreNamed() {
        RandomStream rng = RandomStream.of(19);
        Module model = new Linear(3, 2, rng);
        PerSampleGradients ps = PerSampleGradients.of(model, new MseLoss());
        assertThatThrownBy(() -> ps.compute(Tensor.randn(rng, 4, 3), Tensor.randn(rng, 3, 2)))
                .hasMessageContaining("target [3, 2] does not have one row per example of the input [4, 3]");
        assertThatThrownBy(() -> ps.parameters(name -> false).compute(Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4, 2)))
                .hasMessageContaining("no trainable parameter selected; the model has [weight, bias]");
        Dropout dropout = new Dropout(0.5, rng.fork("dropout"));
        Module flattening = new Module() { // folds the sequence into the batch: not per-sample any more
            final Linear inner = addModule("inner", new Linear(3, 2, rng));
            final Dropout drop = addModule("drop", dropout);

            @Override
            public Var forward(Var input) {
                return inner.forward(drop.forward(input).reshape(-1, 3)).reshape(input.dim(0), -1);
            }
        };
        Map<String, long[]> streams = flattening.randomStates();
        assertThatThrownBy(() -> PerSampleGradients.of(flattening, new MseLoss())
                .compute(Tensor.randn(rng, 2, 4, 3), Tensor.randn(rng, 2, 8)))
                .hasMessageContaining("layer 'inner' (Linear): its input [8, 3] does not have the batch of 2 examples as its"
                        + " first dimension");
        assertThat(flattening.module("inner").perSampleTap()).as("taps are removed after a failure").isNull();
        assertThat(flattening.randomStates()).as("streams are restored after a failure")
                .usingRecursiveComparison().isEqualTo(streams);
    }

    @Test
    void largeLayersAreWrittenOnSeveralThreadsWithTheSameBits() {
        RandomStream rng = RandomStream.of(21);
        Sequential model = Mlp.builder(300).hidden(256).outputs(10).build(rng); // ReLU: rows of zeros too
        Tensor x = Tensor.randn(rng, 8, 300);
        Tensor y = labels(rng, 8, 10);
        PerSampleBatch batch = PerSampleGradients.of(model, new CrossEntropyLoss()).compute(x, y);
        TensorMap one = Chunks.withThreads(1, batch::gradients);
        TensorMap two = Chunks.withThreads(2, batch::gradients);
        TensorMap three = Chunks.withThreads(3, () -> batch.gradientsInto(one.zerosLike()));
        for (String name : one.names()) {
            assertThat(two.get(name).data()).as("%s on 2 threads", name).isEqualTo(one.get(name).data());
            assertThat(three.get(name).data()).as("%s on 3 threads", name).isEqualTo(one.get(name).data());
        }
        assertThat(one.get("0.weight").size()).as("large enough to run in parallel")
                .isGreaterThanOrEqualTo(Chunks.PARALLEL_MIN);
    }

    @Test
    void buffersOfTheWrongShapeAreRefusedBeforeAnyIsWritten() {
        RandomStream rng = RandomStream.of(22);
        Module model = new Linear(3, 2, rng);
        PerSampleBatch batch = PerSampleGradients.of(model, new MseLoss())
                .compute(Tensor.randn(rng, 4, 3), Tensor.randn(rng, 4, 2));
        Tensor weight = Tensor.full(7.0, 4, 2, 3);
        assertThatThrownBy(() -> batch.gradientsInto(new TensorMap().put("weight", weight)))
                .hasMessageContaining("no buffer for parameter 'bias'; expected shape [4, 2]");
        assertThatThrownBy(() -> batch.gradientsInto(new TensorMap().put("weight", weight)
                .put("bias", Tensor.zeros(2))))
                .hasMessageContaining("the buffer for parameter 'bias' has shape [2], expected [4, 2]");
        assertThat(weight.data()).as("nothing written").containsOnly(7.0);
    }

    @Test
    void theForwardPassIsUnchangedAndTheTapsAreGoneAfterwards() {
        RandomStream rng = RandomStream.of(20);
        Sequential model = Mlp.builder(4).hidden(5).outputs(3).build(rng);
        Tensor x = Tensor.randn(rng, 3, 4);
        Tensor before = model.forward(x).value();
        TensorMap params = model.namedParameters().copy();
        PerSampleGradients.of(model, new CrossEntropyLoss()).compute(x, labels(rng, 3, 3));
        assertThat(model.forward(x).value().data()).isEqualTo(before.data());
        model.namedParameters().forEach((name, t) -> assertThat(t.data()).isEqualTo(params.get(name).data()));
        model.namedModules().values().forEach(m -> assertThat(m.perSampleTap()).isNull());
        model.parameterNodes().forEach(p -> assertThat(p.grad()).isNull());
    }
}
