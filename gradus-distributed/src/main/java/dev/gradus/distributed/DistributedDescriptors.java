package dev.gradus.distributed;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import java.util.List;

/**
 * gradus-distributed's components for the spec language: compressors ({@link Compressor#COMPRESSORS}),
 * aggregators ({@link Aggregator#AGGREGATORS}), attacks ({@link Attack#ATTACKS}) and the {@code workers} sampler.
 */
public final class DistributedDescriptors implements DescriptorProvider {

    /** The provider ServiceLoader creates. */
    public DistributedDescriptors() {}

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(
                NoCompression.SPEC, TopK.SPEC, RandomK.SPEC, Qsgd.SPEC, SignCompressor.SPEC, Dgc.SPEC, PowerSgd.SPEC,
                MeanAggregator.SPEC, CoordinateMedian.SPEC, TrimmedMean.SPEC, Krum.SPEC, GeometricMedian.SPEC,
                CenteredClipping.SPEC, NearestNeighbourMixing.SPEC, MajorityVote.SPEC,
                SignFlip.SPEC, Alie.SPEC, InnerProductManipulation.SPEC, GaussianAttack.SPEC, Mimic.SPEC, LabelFlip.SPEC,
                WorkersSampler.SPEC);
    }
}
