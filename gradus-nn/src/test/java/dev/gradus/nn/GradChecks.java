package dev.gradus.nn;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.GradCheck;
import dev.gradus.autodiff.GradMode;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Gradient checks of modules with respect to their input and every parameter, through core's checker. */
final class GradChecks {
    static final double TOLERANCE = 1e-6;

    private GradChecks() {}

    /** {@code f(vars)} where vars are the input followed by the module's trainable parameters. */
    static Function<List<Var>, Var> asFunction(Module m, Runnable beforeEachCall) {
        List<String> names = new ArrayList<>(m.namedParameters().names());
        return vs -> {
            beforeEachCall.run();
            Map<String, Var> bind = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                bind.put(names.get(i), vs.get(i + 1));
            }
            return m.call(bind, vs.get(0));
        };
    }

    static List<Tensor> inputs(Module m, Tensor input) {
        List<Tensor> xs = new ArrayList<>();
        xs.add(input);
        TensorMap p = m.namedParameters();
        xs.addAll(p.tensors());
        return xs;
    }

    /**
     * Checks the first-order gradient and the differentiable (gradGraph) one of {@code m} at {@code input},
     * with respect to the input and all parameters.
     */
    static void check(Module m, Tensor input) {
        check(m, input, () -> { });
    }

    static void check(Module m, Tensor input, Runnable beforeEachCall) {
        Function<List<Var>, Var> f = asFunction(m, beforeEachCall);
        GradCheck.check(f, inputs(m, input), GradCheck.DEFAULT_EPS, false).requireBelow(TOLERANCE);
        GradCheck.check(f, inputs(m, input), GradCheck.DEFAULT_EPS, true).requireBelow(TOLERANCE);
    }

    /**
     * Checks second derivatives: the gradient of {@code <grad f(x), v>} (a Hessian-vector product built with
     * gradGraph) against finite differences, where {@code f = sum(w * m(x))} for fixed random {@code w, v}.
     */
    static void checkSecondOrder(Module m, Tensor input) {
        Function<List<Var>, Var> f = asFunction(m, () -> { });
        RandomStream rng = RandomStream.of(99);
        List<Tensor> xs = inputs(m, input);
        Tensor w;
        {
            Var out = f.apply(constants(xs));
            w = Tensor.randn(rng, out.shape());
        }
        List<Tensor> vs = new ArrayList<>();
        for (Tensor x : xs) {
            vs.add(Tensor.randn(rng, x.shape()));
        }
        Function<List<Var>, Var> gv = given -> {
            // The checker evaluates its finite differences on constants; differentiate those through leaves.
            try (GradMode.Scope ignored = GradMode.enableGrad()) {
                List<Var> params = new ArrayList<>();
                for (Var v : given) {
                    params.add(v.requiresGrad() ? v : Var.param(v.value()));
                }
                Var scalar = f.apply(params).mul(w).sum();
                List<Var> grads = Autodiff.gradGraph(scalar, params, null, true);
                Var total = Var.scalar(0);
                for (int i = 0; i < grads.size(); i++) {
                    total = total.add(grads.get(i).mul(vs.get(i)).sum());
                }
                return total;
            }
        };
        GradCheck.check(gv, xs, GradCheck.DEFAULT_EPS, false).requireBelow(1e-5);
    }

    private static List<Var> constants(List<Tensor> xs) {
        List<Var> out = new ArrayList<>();
        for (Tensor t : xs) {
            out.add(Var.constant(t));
        }
        return out;
    }
}
