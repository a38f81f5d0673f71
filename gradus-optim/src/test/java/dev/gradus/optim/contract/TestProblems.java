package dev.gradus.optim.contract;

import dev.gradus.optim.Objective;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/** Standard test objectives over named parameters, for the optimizer contract and other optimizer tests. */
public final class TestProblems {
    private TestProblems() {}

    /** A problem: a starting point and an objective. */
    public record Problem(String name, TensorMap start, Objective objective) {
        /** A fresh copy of the starting point. */
        public TensorMap params() {
            return start.copy();
        }

        /** The loss at {@code params}. */
        public double loss(TensorMap params) {
            return objective.evaluate(params, params.zerosLike());
        }
    }

    /**
     * {@code f(x) = 1/2 sum_i a_i (x_i - c_i)^2} over a matrix {@code layer.weight} [3, 4] and a vector
     * {@code layer.bias} [4], with curvatures {@code a_i} in [0.5, 2] and start and centre drawn from
     * {@code seed}.
     */
    public static Problem quadratic(long seed) {
        RandomStream r = RandomStream.of(seed);
        TensorMap start = new TensorMap().put("layer.weight", Tensor.zeros(3, 4)).put("layer.bias", Tensor.zeros(4));
        TensorMap curv = start.zerosLike();
        TensorMap centre = start.zerosLike();
        start.forEach((n, t) -> {
            r.fillNormal(t.data());
            r.fillUniform(curv.get(n).data(), 0.5, 2.0);
            r.fillNormal(centre.get(n).data());
        });
        Objective f = (params, grad) -> {
            double loss = 0;
            for (String n : params.names()) {
                double[] x = params.get(n).data();
                double[] a = curv.get(n).data();
                double[] c = centre.get(n).data();
                double[] g = grad.get(n).data();
                for (int i = 0; i < x.length; i++) {
                    double d = x[i] - c[i];
                    loss += 0.5 * a[i] * d * d;
                    g[i] = a[i] * d;
                }
            }
            return loss;
        };
        return new Problem("quadratic", start, f);
    }

    /**
     * Rosenbrock's valley {@code f = (1 - x)^2 + 100 (y - x^2)^2} from the classic start (-1.2, 1), with
     * {@code x} and {@code y} as two parameters named {@code x} and {@code y} (shape [1]).
     */
    public static Problem rosenbrock() {
        TensorMap start = new TensorMap().put("x", Tensor.vector(-1.2)).put("y", Tensor.vector(1.0));
        Objective f = (params, grad) -> {
            double x = params.get("x").data()[0];
            double y = params.get("y").data()[0];
            grad.get("x").data()[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            grad.get("y").data()[0] = 200 * (y - x * x);
            return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        };
        return new Problem("rosenbrock", start, f);
    }
}
