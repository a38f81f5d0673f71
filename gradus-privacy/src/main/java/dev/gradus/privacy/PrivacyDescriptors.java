package dev.gradus.privacy;

import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import java.util.List;

/** What gradus-privacy adds to the spec language: the {@code privacy} family. */
public final class PrivacyDescriptors implements DescriptorProvider {
    /** The provider ServiceLoader creates. */
    public PrivacyDescriptors() {}

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(DpSgd.SPEC);
    }
}
