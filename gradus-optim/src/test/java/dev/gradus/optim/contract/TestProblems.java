package dev.gradus.optim.contract;

import dev.gradus.optim.HessianVectorProduct;
import dev.gradus.optim.Objective;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;

/** Standard test objectives over named parameters, for the optimizer contract and other optimizer tests. */
public final class TestProblems {
    private TestProblems() {}

    /** A problem: a starting point, an objective and its exact Hessian-vector products. */
    public record Problem(String name, TensorMap start, Objective objective, HessianVectorProduct hvp) {
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
        HessianVectorProduct h = (at, v, out) -> out.forEach((n, t) -> {
            double[] a = curv.get(n).data();
            double[] vd = v.get(n).data();
            double[] o = t.data();
            for (int i = 0; i < o.length; i++) {
                o[i] = a[i] * vd[i];
            }
        });
        return new Problem("quadratic", start, f, h);
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
        HessianVectorProduct h = (at, v, out) -> {
            double x = at.get("x").data()[0];
            double y = at.get("y").data()[0];
            double vx = v.get("x").data()[0];
            double vy = v.get("y").data()[0];
            double hxx = 2 - 400 * y + 1200 * x * x;
            double hxy = -400 * x;
            out.get("x").data()[0] = hxx * vx + hxy * vy;
            out.get("y").data()[0] = hxy * vx + 200 * vy;
        };
        return new Problem("rosenbrock", start, f, h);
    }
}
