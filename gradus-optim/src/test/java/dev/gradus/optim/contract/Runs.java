package dev.gradus.optim.contract;

import static org.assertj.core.api.Assertions.fail;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.state.StateTree;
import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.Arrays;
import java.util.Map;

/** Running optimizers on test problems and comparing results bit for bit. */
public final class Runs {
    private Runs() {}

    /**
     * One step with the problem's objective in the context ({@link GradientTransformation#step(TensorMap,
     * dev.gradus.optim.Objective, OptState)}), so optimizers that evaluate it themselves (SAM, L-BFGS) run too.
     */
    public static double step(GradientTransformation opt, TestProblems.Problem problem, TensorMap params, OptState state) {
        return opt.step(params, problem.objective(), state);
    }

    /** {@code steps} steps. */
    public static void run(GradientTransformation opt, TestProblems.Problem problem, TensorMap params, OptState state,
            int steps) {
        for (int k = 0; k < steps; k++) {
            step(opt, problem, params, state);
        }
    }

    /** Fails unless every parameter of {@code actual} has the bits of {@code expected}; names the first difference. */
    public static void assertSameBits(String what, TensorMap expected, TensorMap actual) {
        expected.requireSameStructure(what, actual);
        for (String n : expected.names()) {
            double[] e = expected.get(n).data();
            double[] a = actual.get(n).data();
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToRawLongBits(e[i]) != Double.doubleToRawLongBits(a[i])) {
                    fail("%s: %s[%d] expected %s but was %s", what, n, i, e[i], a[i]);
                }
            }
        }
    }

    /** Fails unless every parameter agrees within {@code relTol} (relative to max(|expected|, 1e-12)). */
    public static void assertClose(String what, TensorMap expected, TensorMap actual, double relTol) {
        expected.requireSameStructure(what, actual);
        for (String n : expected.names()) {
            double[] e = expected.get(n).data();
            double[] a = actual.get(n).data();
            for (int i = 0; i < e.length; i++) {
                if (Math.abs(e[i] - a[i]) > relTol * Math.max(Math.abs(e[i]), 1e-12)) {
                    fail("%s: %s[%d] expected %s but was %s (rel tol %s)", what, n, i, e[i], a[i], relTol);
                }
            }
        }
    }

    /** Fails unless both states have the same paths and the same bits at every path. */
    public static void assertSameState(String what, OptState expected, OptState actual) {
        Map<String, StateLeaf> e = StateTree.leaves(expected);
        Map<String, StateLeaf> a = StateTree.leaves(actual);
        if (!e.keySet().equals(a.keySet())) {
            fail("%s: state paths differ: expected %s but was %s", what, e.keySet(), a.keySet());
        }
        for (String p : e.keySet()) {
            if (!Arrays.equals(bits(e.get(p)), bits(a.get(p)))) {
                fail("%s: state at '%s' differs: expected %s but was %s", what, p, show(e.get(p)), show(a.get(p)));
            }
        }
    }

    /** The leaf's saved bytes: equal exactly when the leaves hold the same bits. */
    private static byte[] bits(StateLeaf leaf) {
        java.nio.ByteBuffer b = leaf.encode("x").data();
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static String show(StateLeaf leaf) {
        return leaf instanceof Tensor t ? Arrays.toString(t.data()) : leaf.toString();
    }
}
