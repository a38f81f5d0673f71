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
import dev.gradus.optim.optimizer.Lbfgs;
import dev.gradus.optim.optimizer.NonlinearCg;
import dev.gradus.optim.optimizer.NormalizedGd;
import dev.gradus.optim.optimizer.RmsProp;
import dev.gradus.optim.optimizer.Sam;
import dev.gradus.optim.optimizer.Sgd;
import dev.gradus.optim.optimizer.SgdP;
import dev.gradus.optim.optimizer.SignSgd;
import dev.gradus.optim.schedule.Schedules;
import dev.gradus.optim.spec.Descriptor;
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
import dev.gradus.optim.transform.ScaleInvariantProjection;
import dev.gradus.optim.transform.Trace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every name the spec language knows: optimizers, building blocks and wrappers, and schedules. Each
 * entry is the static {@code SPEC} descriptor of its class; to register a new optimizer, give its class a
 * {@code SPEC} and add it to {@link #OPTIMIZERS}.
 */
public final class OptimizerRegistry {
    private OptimizerRegistry() {}

    /** Complete optimizers. */
    public static final List<Descriptor<? extends GradientTransformation>> OPTIMIZERS = List.of(
            Sgd.SPEC,
            Adam.SPEC,
            AdamW.SPEC,
            RmsProp.SPEC,
            Adagrad.SPEC,
            AdamP.SPEC,
            SgdP.SPEC,
            AdaBelief.SPEC,
            DiffGrad.SPEC,
            SignSgd.SPEC,
            NormalizedGd.SPEC,
            Sam.SPEC,
            Lbfgs.SPEC,
            NonlinearCg.SPEC,
            Frugal.SPEC);

    /** Building blocks and wrappers. */
    public static final List<Descriptor<? extends GradientTransformation>> TRANSFORMS = List.of(
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
            ScaleByRms.SPEC,
            ScaleByRss.SPEC,
            ScaleBySign.SPEC,
            NormalizeByUpdateNorm.SPEC,
            ScaleByLearningRate.SPEC,
            Scale.SPEC,
            ScaleInvariantProjection.SPEC);

    /** Schedules. */
    public static final List<Descriptor<? extends Schedule>> SCHEDULES = Schedules.ALL;

    private static final Map<String, Descriptor<?>> BY_NAME = index();

    private static Map<String, Descriptor<?>> index() {
        Map<String, Descriptor<?>> m = new LinkedHashMap<>();
        List<Descriptor<?>> all = new ArrayList<>();
        all.addAll(OPTIMIZERS);
        all.addAll(TRANSFORMS);
        all.addAll(SCHEDULES);
        for (Descriptor<?> d : all) {
            if (m.put(d.name(), d) != null) {
                throw new IllegalStateException("OptimizerRegistry: name '" + d.name() + "' registered twice");
            }
        }
        return m;
    }

    /** The descriptor registered as {@code name}. */
    public static Optional<Descriptor<?>> find(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** Every registered descriptor: optimizers, then transforms and wrappers, then schedules. */
    public static List<Descriptor<?>> all() {
        return List.copyOf(BY_NAME.values());
    }

    /** The names of transformations (optimizers and transforms) or of schedules, for error messages. */
    public static List<String> names(boolean transformations) {
        List<String> out = new ArrayList<>();
        for (Descriptor<?> d : BY_NAME.values()) {
            if (d.kind().isTransformation() == transformations) {
                out.add(d.name());
            }
        }
        return out;
    }
}
