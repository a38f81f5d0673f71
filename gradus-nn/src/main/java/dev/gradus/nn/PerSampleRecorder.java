package dev.gradus.nn;

import dev.gradus.autodiff.Backward;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The recording side of {@link PerSampleGradients}: one {@link PerSampleTap} per module of the model, which
 * turns each report of a layer into {@link PerSampleUse}s of the selected parameters and puts a probe in the
 * graph at the reported output.
 *
 * <p>The probe is an identity node whose second input is a dummy leaf that requires grad. During the recording
 * forward pass every parameter is bound to a constant, so the backward pass computes no parameter gradient
 * (the rules replace them) and would not reach a first layer whose input is data; the probe makes every
 * reported output require grad, at no cost, so one backward pass gives each reported output's gradient.
 */
final class PerSampleRecorder {
    private static final Backward IDENTITY = (out, g) -> new Var[] {g, null};

    private final Map<Parameter, String> selected;
    private final int batch;
    private final Var probeLeaf = Var.param(Tensor.scalar(0));
    private final List<PerSampleUse.Probe> probes = new ArrayList<>();
    private final Map<Parameter, List<PerSampleUse>> uses = new IdentityHashMap<>();

    /** Records the parameters in {@code selected} (by identity, with their names) for a batch of {@code batch}. */
    PerSampleRecorder(Map<Parameter, String> selected, int batch) {
        this.selected = selected;
        this.batch = batch;
    }

    /** The tap for the module at {@code path}. */
    PerSampleTap tap(String path, Module module) {
        return new Tap(path.isEmpty() ? "the model" : "'" + path + "'", module.getClass().getSimpleName());
    }

    /** The probes, in the order of the forward pass. */
    List<PerSampleUse.Probe> probes() {
        return probes;
    }

    /** The uses recorded for {@code p} (empty when none). */
    List<PerSampleUse> uses(Parameter p) {
        return uses.getOrDefault(p, List.of());
    }

    private boolean wanted(Parameter p) {
        return p != null && selected.containsKey(p);
    }

    private void add(Parameter p, PerSampleUse use) {
        uses.computeIfAbsent(p, k -> new ArrayList<>()).add(use);
    }

    private PerSampleUse.Probe probe(Var output) {
        PerSampleUse.Probe probe = new PerSampleUse.Probe(Var.op("per_sample_probe", output.value(), IDENTITY, output, probeLeaf));
        probes.add(probe);
        return probe;
    }

    private static int product(int[] s, int from, int to) {
        int n = 1;
        for (int k = from; k < to; k++) {
            n *= s[k];
        }
        return n;
    }

    private final class Tap implements PerSampleTap {
        private final String where;

        Tap(String path, String type) {
            this.where = "per-sample gradients: layer " + path + " (" + type + ")";
        }

        @Override
        public Var linear(Parameter weight, Parameter bias, Var input, Var output) {
            if (!wanted(weight) && !wanted(bias)) {
                return output;
            }
            int[] ws = weight.shape();
            int[] xs = input.shape();
            int[] ys = output.shape();
            requireBatch(xs, "input");
            requireBatch(ys, "output");
            require(ws.length == 2 || ws.length == 3, weight, xs, ys);
            int out = ws[ws.length - 2];
            int in = ws[ws.length - 1];
            int heads = ws.length == 2 ? 1 : ws[0];
            int inputHeads = ws.length == 2 ? 1 : xs.length == 4 ? xs[1] : -1;
            if (ws.length == 2) {
                require(xs.length >= 2 && ys.length == xs.length && xs[xs.length - 1] == in && ys[ys.length - 1] == out
                        && Arrays.equals(xs, 0, xs.length - 1, ys, 0, ys.length - 1), weight, xs, ys);
            } else {
                require(bias == null && xs.length == 4 && ys.length == 4 && ys[1] == heads
                        && (inputHeads == 1 || inputHeads == heads) && xs[2] == ys[2] && xs[3] == in && ys[3] == out,
                        weight, xs, ys);
            }
            int tokens = product(ys, ws.length == 2 ? 1 : 2, ys.length - 1);
            if (bias != null) {
                require(bias.size() == out, bias, xs, ys);
            }
            return record(output, weight, p -> new LinearUse(p, input.value(), batch, heads, inputHeads, tokens, in, out),
                    bias, p -> FeatureSumUse.lastAxis(p, null, batch, tokens, out));
        }

        @Override
        public Var convolution(Parameter weight, Parameter bias, Var columns, Var output) {
            if (!wanted(weight) && !wanted(bias)) {
                return output;
            }
            int[] ws = weight.shape();
            int[] cs = columns.shape();
            int[] ys = output.shape();
            requireBatch(cs, "columns");
            requireBatch(ys, "output");
            int o = ws[0];
            int k = product(ws, 1, ws.length);
            require(cs.length == 3 && ys.length == 3 && cs[1] == k && ys[1] == o && cs[2] == ys[2]
                    && (bias == null || bias.size() == o), weight, cs, ys);
            return record(output, weight, p -> new ConvolutionUse(p, columns.value(), batch, o, k, ys[2]),
                    bias, p -> FeatureSumUse.channelAxis(p, batch, o, ys[2]));
        }

        @Override
        public Var scaleShift(Parameter weight, Parameter bias, Var normalized, Var output) {
            if (!wanted(weight) && !wanted(bias)) {
                return output;
            }
            int[] ns = normalized.shape();
            int[] ys = output.shape();
            requireBatch(ns, "input");
            int f = ys[ys.length - 1];
            require(Arrays.equals(ns, ys) && ys.length >= 2 && (weight == null || weight.size() == f)
                    && (bias == null || bias.size() == f), weight != null ? weight : bias, ns, ys);
            int positions = product(ys, 1, ys.length - 1);
            return record(output, weight, p -> FeatureSumUse.lastAxis(p, normalized.value(), batch, positions, f),
                    bias, p -> FeatureSumUse.lastAxis(p, null, batch, positions, f));
        }

        /** Puts a probe at {@code output} and records the rules of the wanted parameters on it. */
        private Var record(Var output, Parameter weight, Function<PerSampleUse.Probe, PerSampleUse> weightRule,
                           Parameter bias, Function<PerSampleUse.Probe, PerSampleUse> biasRule) {
            PerSampleUse.Probe probe = probe(output);
            if (wanted(weight)) {
                add(weight, weightRule.apply(probe));
            }
            if (wanted(bias)) {
                add(bias, biasRule.apply(probe));
            }
            return probe.node;
        }

        private void requireBatch(int[] shape, String what) {
            if (shape.length == 0 || shape[0] != batch) {
                throw new IllegalArgumentException(where + ": its " + what + " " + Arrays.toString(shape)
                        + " does not have the batch of " + batch + " examples as its first dimension; per-sample"
                        + " gradients need every layer to keep the batch first");
            }
        }

        private void require(boolean ok, Parameter p, int[] in, int[] out) {
            if (!ok) {
                throw new IllegalStateException(where + " reported parameter " + Arrays.toString(p.shape())
                        + " with input " + Arrays.toString(in) + " and output " + Arrays.toString(out)
                        + ", which do not fit its formula (see PerSampleTap)");
            }
        }
    }
}
