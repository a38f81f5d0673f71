package dev.gradus.autodiff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No silent wrong gradient: for every operation of the gradient-check table, every value in its graph
 * (parameters, constants, intermediate results, the output), every choice of which inputs require grad
 * and both backward paths, changing that value in place after the forward pass either makes the pass
 * refuse, or leaves the gradient bit for bit what it was. This is what proves each operation's declared
 * reads ({@link SavedValues}) complete; the negative control shows the harness catches an undeclared read.
 */
class SavedValuesSoundnessTest {

    enum Outcome { REFUSED, UNCHANGED, WRONG }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.gradus.autodiff.GradCheckTableTest#cases")
    void changingAnyValueInPlaceIsRefusedOrHarmless(String name, Function<List<Var>, Var> f, List<Tensor> inputs) {
        int n = inputs.size();
        List<boolean[]> choices = new ArrayList<>();
        boolean[] all = new boolean[n];
        java.util.Arrays.fill(all, true);
        choices.add(all);
        for (int i = 0; n > 1 && i < n; i++) {
            boolean[] one = new boolean[n];
            one[i] = true;
            choices.add(one);
        }
        for (boolean[] asParam : choices) {
            for (boolean viaGraph : new boolean[] {false, true}) {
                List<Tensor> reference = gradients(f, inputs, asParam, -1, viaGraph);
                if (reference == null) continue; // the output does not depend on the chosen inputs
                for (int victim = 0; ; victim++) {
                    Outcome o = trial(f, inputs, asParam, victim, viaGraph, reference);
                    if (o == null) break;
                    assertThat(o).as("%s, params %s, %s path, value %d of the graph changed: silent wrong gradient",
                            name, java.util.Arrays.toString(asParam), viaGraph ? "graph" : "fast", victim)
                            .isNotEqualTo(Outcome.WRONG);
                }
            }
        }
    }

    @Test
    void theHarnessCatchesARuleThatReadsAnUndeclaredValue() {
        // d(x^2/2)/dx = x, but the node claims its rule reads nothing
        Function<List<Var>, Var> leaky = v -> Var.node("leaky", v.get(0).value().square().mul(0.5),
                (out, g) -> new Var[] {g.mul(out.inputs[0])}, SavedValues.NONE, v.get(0));
        List<Tensor> x = List.of(Tensor.vector(1, -2, 3));
        boolean[] asParam = {true};
        List<Tensor> reference = gradients(leaky, x, asParam, -1, false);
        assertThat(trial(leaky, x, asParam, 1, false, reference)).isEqualTo(Outcome.WRONG); // victim 1: the input
        Function<List<Var>, Var> declared = v -> Var.node("declared", v.get(0).value().square().mul(0.5),
                (out, g) -> new Var[] {g.mul(out.inputs[0])}, SavedValues.IN0, v.get(0));
        assertThat(trial(declared, x, asParam, 1, false, reference)).isEqualTo(Outcome.REFUSED);
    }

    /** Changes value number {@code victim} of the graph, runs the pass and compares; null when there is no such value. */
    private static Outcome trial(Function<List<Var>, Var> f, List<Tensor> inputs, boolean[] asParam, int victim,
                                 boolean viaGraph, List<Tensor> reference) {
        try {
            List<Tensor> g = gradients(f, inputs, asParam, victim, viaGraph);
            if (g == null) return null;
            for (int i = 0; i < g.size(); i++) {
                if (!g.get(i).equals(reference.get(i))) return Outcome.WRONG;
            }
            return Outcome.UNCHANGED;
        } catch (IllegalStateException e) {
            assertThat(e).hasMessageContaining("was modified in place");
            return Outcome.REFUSED;
        }
    }

    /**
     * The gradients with respect to the inputs marked as parameters, after changing value {@code victim} of
     * the graph (in depth-first order from the output; -1 for none). Null when the output needs no gradient
     * or the graph has fewer values.
     */
    private static List<Tensor> gradients(Function<List<Var>, Var> f, List<Tensor> inputs, boolean[] asParam, int victim,
                                          boolean viaGraph) {
        List<Var> vars = new ArrayList<>();
        List<Var> params = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Var v = asParam[i] ? Var.param(inputs.get(i).copy()) : Var.constant(inputs.get(i).copy());
            vars.add(v);
            if (asParam[i]) params.add(v);
        }
        Var out = f.apply(vars);
        if (!out.requiresGrad()) return null;
        Tensor seed = out.value().size() == 1 ? null : Tensor.randn(RandomStream.of(9), out.shape());
        Tensor changed = null, saved = null;
        if (victim >= 0) {
            List<Var> graph = graphValues(out);
            if (victim >= graph.size()) return null;
            changed = graph.get(victim).value();
            saved = changed.copy();
            double[] d = changed.data();
            for (int i = 0; i < d.length; i++) d[i] = 0.5 - 1.3 * d[i]; // flips signs, moves every value
            changed.markModified();
        }
        try {
            if (!viaGraph) return Autodiff.grad(out, params, seed, true);
            List<Tensor> values = new ArrayList<>();
            for (Var g : Autodiff.gradGraph(out, params, seed == null ? null : Var.constant(seed), true)) {
                values.add(g.value());
            }
            return values;
        } finally {
            if (changed != null) changed.assign(saved); // the cases share constants (masks, targets) between trials
        }
    }

    /** Every var reachable from {@code out}, each once, in a fixed depth-first order. */
    private static List<Var> graphValues(Var out) {
        List<Var> order = new ArrayList<>();
        IdentityHashMap<Var, Boolean> seen = new IdentityHashMap<>();
        List<Var> stack = new ArrayList<>(List.of(out));
        while (!stack.isEmpty()) {
            Var v = stack.remove(stack.size() - 1);
            if (seen.put(v, Boolean.TRUE) != null) continue;
            order.add(v);
            for (Var in : v.inputs()) stack.add(in);
        }
        return order;
    }
}
