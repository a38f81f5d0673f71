package dev.gradus.tensor;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Debian BLAS packages that the BLAS-selection tests identify: {@code libblas3} (the reference BLAS) and
 * {@code libopenblas0-pthread}. {@code .ci/run} installs both, so under {@code CI=true} a missing one is a
 * failure; elsewhere the test that needs it is skipped with the package to install.
 */
final class SystemBlas {
    private static final String MULTIARCH = "/usr/lib/" + switch (System.getProperty("os.arch")) {
        case "amd64", "x86_64" -> "x86_64-linux-gnu";
        case "aarch64" -> "aarch64-linux-gnu";
        default -> System.getProperty("os.arch") + "-linux-gnu";
    };

    private SystemBlas() {}

    /** The directory of Debian's multiarch libraries, e.g. {@code /usr/lib/x86_64-linux-gnu}. */
    static Path libDir() {
        return Path.of(MULTIARCH);
    }

    /** Debian's reference BLAS, {@code .../blas/libblas.so.3} from {@code libblas3}. */
    static Path reference() {
        return require(libDir().resolve("blas/libblas.so.3"), "libblas3");
    }

    /** Debian's OpenBLAS, {@code .../libopenblas.so.0} from {@code libopenblas0-pthread}. */
    static Path openblas() {
        return require(libDir().resolve("libopenblas.so.0"), "libopenblas0-pthread");
    }

    /** The thin {@code libblas.so.3} of {@code libopenblas0-pthread}, which needs {@code libopenblas.so.0}. */
    static Path openblasLibblas() {
        return require(libDir().resolve("openblas-pthread/libblas.so.3"), "libopenblas0-pthread");
    }

    private static Path require(Path p, String pkg) {
        if (!Files.isRegularFile(p)) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(p + " is missing but CI=true: .ci/run must install " + pkg);
            }
            assumeTrue(false, "skipped: " + p + " is missing (apt-get install " + pkg + "); with CI=true this fails");
        }
        return p;
    }
}
