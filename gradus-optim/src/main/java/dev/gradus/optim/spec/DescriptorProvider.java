package dev.gradus.optim.spec;

import java.util.List;

/**
 * How a module adds optimizers, transforms, wrappers and schedules to the spec language and to
 * {@code gradus optim list}, found by {@link java.util.ServiceLoader}: implement this interface and name the
 * class in {@code META-INF/services/dev.gradus.optim.spec.DescriptorProvider}. Nothing else lists them.
 *
 * <pre>{@code
 * public final class PrivacyDescriptors implements DescriptorProvider {
 *     public List<Descriptor<?>> descriptors() {
 *         return List.of(DpSgd.SPEC, DiceSgd.SPEC);
 *     }
 * }
 * }</pre>
 *
 * Names must be unique across all providers; a clash is an error that names both.
 */
public interface DescriptorProvider {
    /** The descriptors this module adds, in the order listings show them. */
    List<Descriptor<?>> descriptors();
}
