package dev.gradus.optim.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.Transforms;
import dev.gradus.optim.contract.Runs;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** State paths, inspection, and the state file: structure checks, versions, damage. */
class StateFileTest {
    @TempDir
    Path tmp;

    private static TensorMap params() {
        return new TensorMap().put("layer.weight", Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3))
                .put("layer.bias", Tensor.vector(0.5, -0.5));
    }

    private static void steps(GradientTransformation opt, TensorMap p, OptState s, int n) {
        for (int k = 0; k < n; k++) {
            TensorMap g = p.copy();
            opt.step(p, g, s);
        }
    }

    @Test
    void pathsNameEveryValueByComponentIndexLabelAndParameter() {
        GradientTransformation opt = Transforms.chain(Transforms.clipByGlobalNorm(1.0),
                Transforms.partition(List.of(Optimizers.adam(), Optimizers.sgd().momentum(0.9)), List.of("*.bias", "*"))
                        .with("labels", List.of("bias", "rest")));
        OptState s = opt.init(params());
        assertThat(StateTree.paths(s)).containsExactly("0/count", "1/bias/count", "1/bias/mu/layer.bias",
                "1/bias/nu/layer.bias", "1/rest/count", "1/rest/trace/layer.weight");
        steps(opt, params(), s, 3);
        assertThat(StateTree.counter(s, "1/rest/count")).isEqualTo(3);
        assertThat(StateTree.tensor(s, "1/bias/mu/layer.bias").shape()).containsExactly(2);
        assertThat(opt.hyperparams(s)).containsEntry("0/max_norm", 1.0).containsEntry("1/bias/lr", 0.001)
                .containsEntry("1/rest/momentum", 0.9);
        assertThatThrownBy(() -> StateTree.get(s, "1/bias/mu/layer.weight"))
                .hasMessage("no state value at '1/bias/mu/layer.weight'; paths under '1/bias/mu': 1/bias/mu/layer.bias");
    }

    @Test
    void tensorBytesCountTheStateTensorsOnly() {
        TensorMap p = params();
        long n = 0;
        for (String name : p.names()) {
            n += p.get(name).size();
        }
        assertThat(StateTree.tensorBytes(Optimizers.adam().init(p))).isEqualTo(16 * n);
        assertThat(StateTree.tensorBytes(Optimizers.sgd().init(p))).isZero();
        assertThat(StateTree.tensorBytes(Optimizers.sgd().momentum(0.9).init(p))).isEqualTo(8 * n);
    }

    @Test
    void injectHyperparamsRecordsTheValuesOfEachStep() {
        var opt = Transforms.injectHyperparams(Optimizers.adam())
                .set("lr", dev.gradus.optim.schedule.Schedules.linear(1.0, 0.0, 10));
        OptState s = opt.init(params());
        steps(opt, params(), s, 3);
        assertThat(StateTree.tensor(s, "hyperparams/lr").item()).isEqualTo(0.8); // used by the third step
        assertThat(opt.hyperparams(s).get("lr")).isEqualTo(0.7);                // the next step's value
    }

    @Test
    void savesWithAHeaderThatNamesSpecStepAndVersion() throws IOException {
        var opt = Optimizers.adamw().lr(0.01);
        TensorMap p = params();
        OptState s = opt.init(p);
        steps(opt, p, s, 4);
        Path f = tmp.resolve("s.safetensors");
        StateFile.save(f, opt, s);
        assertThat(StateFile.header(f)).isEqualTo(new StateFile.Header(1,
                "adamw(lr=0.01, betas=(0.9, 0.999), eps=1e-08, weight_decay=0.01, amsgrad=false)", 4));
        Safetensors.Contents c = Safetensors.read(f);
        assertThat(c.entries().keySet()).containsExactly("count", "mu/layer.weight", "mu/layer.bias", "nu/layer.weight",
                "nu/layer.bias");
        assertThat(c.entry("count").dtype()).isEqualTo(Safetensors.DType.I64);
        StateFile.Loaded loaded = StateFile.load(f, params());
        Runs.assertSameState("loaded by spec", s, loaded.state());
    }

    @Test
    void aMismatchListsMissingExtraAndWronglyShapedNames() throws IOException {
        var opt = Optimizers.adam();
        Path f = tmp.resolve("m.safetensors");
        StateFile.save(f, opt, opt.init(params()));
        TensorMap other = new TensorMap().put("layer.weight", Tensor.zeros(3, 2)).put("head.weight", Tensor.zeros(2));
        assertThatThrownBy(() -> StateFile.load(f, opt, other)).isInstanceOf(IOException.class)
                .hasMessage(f + ": saved state does not match this optimizer and these parameters; "
                        + "missing (2): mu/head.weight, nu/head.weight; extra (2): mu/layer.bias, nu/layer.bias; "
                        + "wrong shape (2): mu/layer.weight expected F64[3, 2] got F64[2, 3], "
                        + "nu/layer.weight expected F64[3, 2] got F64[2, 3]");
        assertThatThrownBy(() -> StateFile.load(f, Optimizers.adam().amsgrad(true), params()))
                .hasMessageContaining("missing (2): nuMax/layer.weight, nuMax/layer.bias");
    }

    @Test
    void refusesOtherVersionsForeignAndDamagedFiles() throws IOException {
        var opt = Optimizers.adam();
        Path v2 = tmp.resolve("v2.safetensors");
        Safetensors.write(v2, List.of(Safetensors.i64("count", new long[] {0})),
                Map.of("format", "gradus-optstate", "format_version", "2", "spec", "", "step", "0"));
        assertThatThrownBy(() -> StateFile.load(v2, opt, params())).hasMessage(v2
                + ": optimizer state format version 2 is not supported; this Gradus reads version 1");

        Path weights = tmp.resolve("w.safetensors");
        Safetensors.write(weights, params(), Map.of("format", "pt"));
        assertThatThrownBy(() -> StateFile.load(weights, opt, params()))
                .hasMessageContaining("not a Gradus optimizer state file (its metadata has format=pt");

        Path good = tmp.resolve("g.safetensors");
        StateFile.save(good, opt, opt.init(params()));
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 8));
        assertThatThrownBy(() -> StateFile.load(cut, opt, params())).hasMessageContaining("not a valid safetensors file");
    }

    @Test
    void aFailedLoadLeavesTheRunningStateAlone() throws IOException {
        var opt = Optimizers.adam();
        TensorMap p = params();
        OptState s = opt.init(p);
        steps(opt, p, s, 2);
        OptState before = StateTree.copy(s);
        Path f = tmp.resolve("x.safetensors");
        StateFile.save(f, Optimizers.sgd().momentum(0.5), Optimizers.sgd().momentum(0.5).init(p));
        assertThatThrownBy(() -> StateFile.load(f, opt, p)).isInstanceOf(IOException.class);
        Runs.assertSameState("state after a refused load", before, s);
    }

    /** A transform whose state holds every kind of leaf: counter, scalar, random stream, tensors. */
    private static final class Noisy implements GradientTransformation {
        record State(dev.gradus.optim.Counter count, dev.gradus.optim.MutableScalar lastNorm,
                dev.gradus.tensor.RandomStream rng, TensorMap noise) implements dev.gradus.optim.Counted {}

        @Override
        public OptState init(TensorMap params) {
            return new State(new dev.gradus.optim.Counter(), new dev.gradus.optim.MutableScalar(0),
                    dev.gradus.tensor.RandomStream.of(7).fork("noise"), params.zerosLike());
        }

        @Override
        public void update(TensorMap updates, OptState state, TensorMap params, dev.gradus.optim.StepContext ctx) {
            State s = (State) state;
            double norm = 0;
            for (String n : updates.names()) {
                double[] u = updates.get(n).data();
                double[] z = s.noise().get(n).data();
                s.rng().fillNormal(z);
                for (int i = 0; i < u.length; i++) {
                    u[i] = -0.1 * u[i] + 0.01 * z[i];
                    norm += u[i] * u[i];
                }
            }
            s.lastNorm().set(Math.sqrt(norm));
            s.count().increment();
        }
    }

    @Test
    void randomStreamsScalarsAndCountersRoundTripExactly() throws IOException {
        GradientTransformation opt = new Noisy();
        TensorMap p1 = params();
        OptState s1 = opt.init(p1);
        steps(opt, p1, s1, 3);
        Path f = tmp.resolve("noisy.safetensors");
        StateFile.save(f, opt, s1);
        assertThat(StateFile.header(f).spec()).isEmpty();
        assertThat(StateFile.header(f).step()).isEqualTo(3);
        TensorMap p2 = p1.copy();
        OptState s2 = StateFile.load(f, opt, p2);
        Runs.assertSameState("loaded", s1, s2);
        steps(opt, p1, s1, 4);
        steps(opt, p2, s2, 4);
        Runs.assertSameBits("continued with the restored random stream", p1, p2);
        assertThatThrownBy(() -> StateFile.load(f, params())).hasMessageContaining("has no spec");
    }

    @Test
    void lookaheadKeepsItsSlowWeightsAndInnerStateAcrossSaveAndLoad() throws IOException {
        var opt = Transforms.lookahead(Optimizers.adam().lr(0.1), 3, 0.5);
        TensorMap p = params();
        OptState s = opt.init(p);
        steps(opt, p, s, 4);
        Path f = tmp.resolve("la.safetensors");
        StateFile.save(f, opt, s);
        assertThat(Safetensors.read(f).entries().keySet()).contains("slow/layer.weight", "inner/mu/layer.weight",
                "inner/count", "count");
        OptState back = StateFile.load(f, opt, params());
        Runs.assertSameState("lookahead", s, back);
    }
}
