package dev.gradus.tensor;

import java.util.function.BooleanSupplier;

/**
 * Whether a kernel written against the incubating Vector API can run in this JVM. The module
 * {@code jdk.incubator.vector} must be in the boot layer (the launcher adds it), and the kernel's class must link: a
 * JVM without the module throws a {@link LinkageError} from the first class that refers to it, which the probe
 * turns into "no". Every such kernel has a scalar form with the same bits, so the answer changes speed only.
 */
public final class VectorApi {
    private VectorApi() {}

    /**
     * True when the Vector API module is present and {@code probe}, which must touch the kernel's class (for example
     * by asking its lane count), returns true without a linkage error.
     */
    public static boolean links(BooleanSupplier probe) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return probe.getAsBoolean();
        } catch (LinkageError e) {
            return false;
        }
    }
}
