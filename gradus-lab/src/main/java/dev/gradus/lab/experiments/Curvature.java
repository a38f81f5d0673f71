package dev.gradus.lab.experiments;

import dev.gradus.autodiff.Hvp;
import dev.gradus.autodiff.Sharpness;
import dev.gradus.autodiff.Var;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Hessian measures of a loss from autodiff Hessian-vector products: the exact trace, as the sum of
 * {@code e_j^T H e_j} over the basis vectors (one product per parameter, so for small models only), and the largest
 * eigenvalue by power iteration ({@link Sharpness}).
 *
 * @param trace      {@code tr(H)}
 * @param lambdaMax  the largest eigenvalue (of largest magnitude) of H
 * @param converged  whether power iteration met its tolerance
 */
record Curvature(double trace, double lambdaMax, boolean converged) {

    /** The Hessian of the scalar {@code loss} with respect to {@code params}. */
    static Curvature of(Var loss, List<Var> params, RandomStream rng, int maxIterations, double tolerance) {
        Hvp hvp = Hvp.of(loss, params);
        Sharpness.Result top = Sharpness.topEigenvalue(hvp, rng, maxIterations, tolerance);
        return new Curvature(exactTrace(hvp), top.eigenvalue(), top.converged());
    }

    /** {@code sum_j e_j^T H e_j}: one Hessian-vector product per coordinate. */
    static double exactTrace(Hvp hvp) {
        List<Var> params = hvp.params();
        List<Tensor> basis = new ArrayList<>(params.size());
        for (Var p : params) {
            basis.add(Tensor.zerosLike(p.value()));
        }
        double trace = 0;
        for (int k = 0; k < params.size(); k++) {
            double[] e = basis.get(k).data();
            for (int j = 0; j < e.length; j++) {
                e[j] = 1;
                trace += hvp.apply(basis).get(k).data()[j];
                e[j] = 0;
            }
        }
        return trace;
    }
}
