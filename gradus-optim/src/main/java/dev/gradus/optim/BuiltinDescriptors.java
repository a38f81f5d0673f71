package dev.gradus.optim;

import dev.gradus.optim.combine.ApplyIfFinite;
import dev.gradus.optim.combine.Chain;
import dev.gradus.optim.combine.InjectHyperparams;
import dev.gradus.optim.combine.Lookahead;
import dev.gradus.optim.combine.Masked;
import dev.gradus.optim.combine.MultiSteps;
import dev.gradus.optim.combine.Partition;
import dev.gradus.optim.optimizer.AdaBelief;
import dev.gradus.optim.optimizer.Adagrad;
import dev.gradus.optim.optimizer.Adam;
import dev.gradus.optim.optimizer.AdamP;
import dev.gradus.optim.optimizer.AdamW;
import dev.gradus.optim.optimizer.DiffGrad;
import dev.gradus.optim.optimizer.Frugal;
import dev.gradus.optim.optimizer.Galore;
import dev.gradus.optim.optimizer.Harpg;
import dev.gradus.optim.optimizer.Lbfgs;
import dev.gradus.optim.optimizer.NPgIgt;
import dev.gradus.optim.optimizer.NonlinearCg;
import dev.gradus.optim.optimizer.NormalizedGd;
import dev.gradus.optim.optimizer.RAdam;
import dev.gradus.optim.optimizer.RmsProp;
import dev.gradus.optim.optimizer.Sam;
import dev.gradus.optim.optimizer.Sgd;
import dev.gradus.optim.optimizer.SgdP;
import dev.gradus.optim.optimizer.SignSgd;
import dev.gradus.optim.optimizer.Yogi;
import dev.gradus.optim.schedule.Schedules;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import dev.gradus.optim.transform.AddDecayedWeights;
import dev.gradus.optim.transform.Clip;
import dev.gradus.optim.transform.ClipByGlobalNorm;
import dev.gradus.optim.transform.NormalizeByUpdateNorm;
import dev.gradus.optim.transform.Scale;
import dev.gradus.optim.transform.ScaleByAdam;
import dev.gradus.optim.transform.ScaleByBelief;
import dev.gradus.optim.transform.ScaleByLearningRate;
import dev.gradus.optim.transform.ScaleByRms;
import dev.gradus.optim.transform.ScaleByRss;
import dev.gradus.optim.transform.ScaleBySign;
import dev.gradus.optim.transform.ScaleByYogi;
import dev.gradus.optim.transform.ScaleInvariantProjection;
import dev.gradus.optim.transform.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * gradus-optim's own optimizers, building blocks, wrappers and schedules, registered like any module's
 * (see {@link DescriptorProvider}); {@link OptimizerRegistry} lists them first, in this order.
 */
public final class BuiltinDescriptors implements DescriptorProvider {

    /** The provider ServiceLoader creates. */
    public BuiltinDescriptors() {}

    @Override
    public List<Descriptor<?>> descriptors() {
        List<Descriptor<?>> all = new ArrayList<>(List.of(
                Sgd.SPEC,
                Adam.SPEC,
                AdamW.SPEC,
                RmsProp.SPEC,
                Adagrad.SPEC,
                AdamP.SPEC,
                SgdP.SPEC,
                AdaBelief.SPEC,
                DiffGrad.SPEC,
                RAdam.SPEC,
                Yogi.SPEC,
                SignSgd.SPEC,
                NormalizedGd.SPEC,
                Sam.SPEC,
                Lbfgs.SPEC,
                NonlinearCg.SPEC,
                Frugal.SPEC,
                Galore.SPEC,
                NPgIgt.SPEC,
                Harpg.SPEC,
                Harpg.NORMALIZED_SPEC,
                Chain.SPEC,
                Masked.SPEC,
                Partition.SPEC,
                InjectHyperparams.SPEC,
                MultiSteps.SPEC,
                ApplyIfFinite.SPEC,
                Lookahead.SPEC,
                Clip.SPEC,
                ClipByGlobalNorm.SPEC,
                AddDecayedWeights.SPEC,
                Trace.SPEC,
                ScaleByAdam.SPEC,
                ScaleByBelief.SPEC,
                ScaleByYogi.SPEC,
                ScaleByRms.SPEC,
                ScaleByRss.SPEC,
                ScaleBySign.SPEC,
                NormalizeByUpdateNorm.SPEC,
                ScaleByLearningRate.SPEC,
                Scale.SPEC,
                ScaleInvariantProjection.SPEC));
        all.addAll(Schedules.ALL);
        return all;
    }
}
