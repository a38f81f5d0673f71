package dev.gradus.zeroth;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import dev.gradus.zeroth.cbo.Cbo;
import dev.gradus.zeroth.cmaes.CmaEs;
import dev.gradus.zeroth.es.OpenAiEs;
import dev.gradus.zeroth.ga.DeepGa;
import dev.gradus.zeroth.estimate.EsGradient;
import dev.gradus.zeroth.estimate.ZoGradient;
import dev.gradus.zeroth.estimate.ZoRankGradient;
import dev.gradus.zeroth.moo.Nsga2;
import dev.gradus.zeroth.problem.Ackley;
import dev.gradus.zeroth.problem.Dtlz2;
import dev.gradus.zeroth.problem.Griewank;
import dev.gradus.zeroth.problem.Rastrigin;
import dev.gradus.zeroth.problem.Rosenbrock;
import dev.gradus.zeroth.problem.Sphere;
import dev.gradus.zeroth.problem.StyblinskiTang;
import dev.gradus.zeroth.problem.Zdt;
import java.util.List;

/**
 * What gradus-zeroth registers: the ask/tell methods ({@code dfo} family), the test problems ({@code objective}
 * family) and the gradient estimators (gradient transformations).
 */
public final class ZerothDescriptors implements DescriptorProvider {

    /** The provider ServiceLoader creates. */
    public ZerothDescriptors() {}

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(
                Cbo.SPEC,
                CmaEs.SPEC,
                OpenAiEs.SPEC,
                DeepGa.SPEC,
                Nsga2.SPEC,
                Sphere.SPEC,
                Rosenbrock.SPEC,
                Rastrigin.SPEC,
                Ackley.SPEC,
                Griewank.SPEC,
                StyblinskiTang.SPEC,
                Zdt.ZDT1,
                Zdt.ZDT2,
                Zdt.ZDT3,
                Dtlz2.SPEC,
                ZoGradient.SPEC,
                ZoRankGradient.SPEC,
                EsGradient.SPEC);
    }
}
