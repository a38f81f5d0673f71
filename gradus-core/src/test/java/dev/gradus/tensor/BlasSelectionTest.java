package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend decision on machines laid out in temporary directories with the real Debian libraries: one
 * whose {@code libblas.so.3} is the reference BLAS, one that also has OpenBLAS.
 */
class BlasSelectionTest {

    /** A library directory whose only BLAS is the reference BLAS, owning libblas.so.3 as Debian's alternative does. */
    private static Path referenceOnly(Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("reference-only"));
        Files.createSymbolicLink(dir.resolve("libblas.so.3"), SystemBlas.reference());
        return dir;
    }

    @Test
    void aMachineWhoseLibblasIsTheReferenceBlasUsesGradussOwnKernel(@TempDir Path tmp) throws Exception {
        Path dir = referenceOnly(tmp);
        BlasSelection s = BlasSelection.choose(null, null, null, List.of(dir));
        assertThat(s.backend()).isEqualTo(BlasBackend.JAVA);
        assertThat(s.tryNative()).as("the reference BLAS is not even loaded").isFalse();
        assertThat(s.load()).isNull();
        assertThat(s.library().vendor()).isEqualTo(BlasLibrary.Vendor.REFERENCE);
        assertThat(s.reason()).startsWith(dir.resolve("libblas.so.3") + " (-> ")
                .contains("the reference BLAS (unoptimised)")
                .contains("products run in Gradus's own kernel")
                .contains("install libopenblas0-pthread");
        assertThat(BlasSelection.choose("auto", null, null, List.of(dir)).backend()).isEqualTo(BlasBackend.JAVA);
    }

    @Test
    void theUserCanStillAskForTheReferenceBlas(@TempDir Path tmp) throws Exception {
        Path dir = referenceOnly(tmp);
        BlasSelection nativeRequested = BlasSelection.choose("native", null, null, List.of(dir));
        assertThat(nativeRequested.backend()).isEqualTo(BlasBackend.NATIVE);
        assertThat(nativeRequested.load()).isEqualTo(dir.resolve("libblas.so.3"));
        assertThat(nativeRequested.reason()).startsWith("requested by -Dgradus.blas=native, though ")
                .contains("the reference BLAS");

        BlasSelection named = BlasSelection.choose(SystemBlas.reference().toString(), null, null, List.of());
        assertThat(named.backend()).isEqualTo(BlasBackend.NATIVE);
        assertThat(named.load()).isEqualTo(SystemBlas.reference());
        assertThat(named.reason()).startsWith("named by -Dgradus.blas: ");

        BlasSelection byName = BlasSelection.choose("libblas.so.3", null, null, List.of(dir));
        assertThat(byName.backend()).isEqualTo(BlasBackend.NATIVE);
        assertThat(byName.load()).as("a bare file name is found in the search path").isEqualTo(dir.resolve("libblas.so.3"));

        BlasSelection viaNetlib = BlasSelection.choose(null, SystemBlas.reference().toString(), null, List.of());
        assertThat(viaNetlib.backend()).isEqualTo(BlasBackend.NATIVE);
        assertThat(viaNetlib.tryNative()).isTrue();
        assertThat(viaNetlib.load()).as("netlib's own property is left to netlib").isNull();
        assertThat(viaNetlib.reason()).startsWith("named by -Ddev.ludovic.netlib.blas.nativeLibPath: ");
    }

    @Test
    void openBlasIsPreferredWhereverItIsInTheSearchPath(@TempDir Path tmp) throws Exception {
        Path dir = referenceOnly(tmp);
        Path openblasDir = SystemBlas.openblas().getParent();
        BlasSelection s = BlasSelection.choose(null, null, null, List.of(dir, openblasDir));
        assertThat(s.backend()).isEqualTo(BlasBackend.NATIVE);
        assertThat(s.load()).isEqualTo(SystemBlas.openblas());
        assertThat(s.library().vendor()).isEqualTo(BlasLibrary.Vendor.OPENBLAS);
        assertThat(s.reason()).startsWith("OpenBLAS at " + SystemBlas.openblas()).endsWith(", a known optimised BLAS");

        BlasSelection java = BlasSelection.choose("java", null, null, List.of(dir, openblasDir));
        assertThat(java.backend()).isEqualTo(BlasBackend.JAVA);
        assertThat(java.load()).as("still loaded, so that benchmarks can compare").isEqualTo(SystemBlas.openblas());
        assertThat(java.reason()).startsWith("requested by -Dgradus.blas=java");
    }

    @Test
    void badRequestsAreNamed(@TempDir Path tmp) {
        BlasSelection missing = BlasSelection.choose(tmp.resolve("nope.so").toString(), null, null, List.of());
        assertThat(missing.backend()).isEqualTo(BlasBackend.JAVA);
        assertThat(missing.tryNative()).isFalse();
        assertThat(missing.reason()).isEqualTo("-Dgradus.blas=" + tmp.resolve("nope.so")
                + " names no file, so products run in Gradus's own kernel");

        BlasSelection unknown = BlasSelection.choose("mkl", null, null, List.of(tmp));
        assertThat(unknown.backend()).isEqualTo(BlasBackend.JAVA);
        assertThat(unknown.reason()).startsWith("no optimised BLAS (OpenBLAS, MKL, BLIS) found in [" + tmp + "]")
                .endsWith("(-Dgradus.blas=mkl ignored: BLAS backend 'mkl' is unknown; expected one of native, java, "
                        + "netlib-java)");
    }

    @Test
    void theSearchFollowsTheLoadersOrder() {
        List<Path> dirs = BlasSelection.defaultSearchDirs(
                Map.of("LD_LIBRARY_PATH", "/opt/a::/opt/b", "MKLROOT", "/opt/intel/mkl"), "amd64");
        assertThat(dirs).startsWith(Path.of("/opt/a"), Path.of("/opt/b"), Path.of("/usr/local/lib/x86_64-linux-gnu"))
                .contains(Path.of("/usr/lib/x86_64-linux-gnu"), Path.of("/usr/lib64"))
                .endsWith(Path.of("/opt/intel/mkl/lib"), Path.of("/opt/intel/mkl/lib/intel64"));
        assertThat(BlasSelection.looksLikePath("native")).isFalse();
        assertThat(BlasSelection.looksLikePath("libmkl_rt.so.2")).isTrue();
        assertThat(BlasSelection.looksLikePath("/opt/lib/libblis.so")).isTrue();
    }
}
