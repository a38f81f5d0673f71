package dev.gradus.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.BlasLibrary.Vendor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Libraries are told apart by their symbols, the libraries they need and their resolved path. */
class BlasLibraryTest {

    @Test
    void theReferenceBlasIsRecognisedAndNotOptimised(@TempDir Path tmp) throws Exception {
        Path reference = SystemBlas.reference();
        BlasLibrary lib = BlasLibrary.identify(reference);
        assertThat(lib.vendor()).isEqualTo(Vendor.REFERENCE);
        assertThat(lib.optimised()).isFalse();
        assertThat(lib.describe()).contains("the reference BLAS (unoptimised)").contains("libblas3");

        // As the libblas.so.3 alternative: a link elsewhere that resolves to it.
        Path link = Files.createSymbolicLink(tmp.resolve("libblas.so.3"), reference);
        BlasLibrary viaLink = BlasLibrary.identify(link);
        assertThat(viaLink.vendor()).isEqualTo(Vendor.REFERENCE);
        assertThat(viaLink.path()).isEqualTo(link);
        assertThat(viaLink.realPath()).isEqualTo(reference.toRealPath());

        // The same bytes outside Debian's blas/ directory: a BLAS with no vendor symbol, still not optimised.
        Path copy = Files.createDirectories(tmp.resolve("elsewhere")).resolve("libblas.so.3");
        Files.copy(reference, copy);
        BlasLibrary unknown = BlasLibrary.identify(copy);
        assertThat(unknown.vendor()).isEqualTo(Vendor.UNKNOWN);
        assertThat(unknown.optimised()).isFalse();
        assertThat(unknown.evidence()).contains("exports dgemm_ but no OpenBLAS, MKL or BLIS symbol");

        // Debian's BLIS libblas.so.3 hides its bli_ symbols: its directory names it.
        Path blis = Files.createDirectories(tmp.resolve("blis-pthread")).resolve("libblas.so.3");
        Files.copy(reference, blis);
        assertThat(BlasLibrary.identify(blis).vendor()).isEqualTo(Vendor.BLIS);
    }

    @Test
    void openBlasIsRecognisedByItsSymbolsAndItsWrapperByWhatItNeeds() {
        BlasLibrary lib = BlasLibrary.identify(SystemBlas.openblas());
        assertThat(lib.vendor()).isEqualTo(Vendor.OPENBLAS);
        assertThat(lib.optimised()).isTrue();
        assertThat(lib.evidence()).isEqualTo("exports openblas_get_config");

        BlasLibrary wrapper = BlasLibrary.identify(SystemBlas.openblasLibblas());
        assertThat(wrapper.vendor()).isEqualTo(Vendor.OPENBLAS);
        assertThat(wrapper.evidence()).isEqualTo("needs libopenblas.so.0");
    }

    @Test
    void aSharedLibraryWithoutDgemmIsNotABlas() {
        Path libjava = Path.of(System.getProperty("java.home"), "lib", "libjava.so");
        assertThat(ElfLibrary.read(libjava)).hasValueSatisfying(e -> assertThat(e.exported()).contains("JNU_ThrowByName"));
        BlasLibrary lib = BlasLibrary.identify(libjava);
        assertThat(lib.vendor()).isEqualTo(Vendor.NOT_BLAS);
        assertThat(lib.optimised()).isFalse();
    }

    @Test
    void aFileThatIsNotElfIsUnknown(@TempDir Path tmp) throws Exception {
        Path script = Files.writeString(tmp.resolve("libblas.so.3"), "/* GNU ld script */\nINPUT(libblas.so.3.11.0)\n");
        assertThat(ElfLibrary.read(script)).isEmpty();
        BlasLibrary lib = BlasLibrary.identify(script);
        assertThat(lib.vendor()).isEqualTo(Vendor.UNKNOWN);
        assertThat(lib.evidence()).isEqualTo("not an ELF shared library that Gradus can read");
    }

    @Test
    void acceleratesPathIsEnough() {
        Path veclib = Path.of("/System/Library/Frameworks/Accelerate.framework/Versions/A/Frameworks/"
                + "vecLib.framework/libBLAS.dylib");
        BlasLibrary lib = BlasLibrary.identify(veclib);
        assertThat(lib.vendor()).isEqualTo(Vendor.ACCELERATE);
        assertThat(lib.optimised()).isTrue();
    }

    @Test
    void threadCountsFollowEachLibrarysEnvironmentVariables() {
        BlasLibrary openblas = new BlasLibrary(Path.of("x"), Path.of("x"), Vendor.OPENBLAS, "test");
        assertThat(openblas.threads(Map.of(), 2)).isEqualTo(new BlasLibrary.Threads(2,
                "OPENBLAS_NUM_THREADS unset: one per core"));
        assertThat(openblas.threads(Map.of("OPENBLAS_NUM_THREADS", "1", "OMP_NUM_THREADS", "2"), 2))
                .isEqualTo(new BlasLibrary.Threads(1, "OPENBLAS_NUM_THREADS=1"));
        assertThat(openblas.threads(Map.of("OMP_NUM_THREADS", "8"), 2))
                .as("OpenBLAS caps its threads at the processor count")
                .isEqualTo(new BlasLibrary.Threads(2, "OMP_NUM_THREADS=8"));
        assertThat(openblas.threads(Map.of("OPENBLAS_NUM_THREADS", "lots"), 4).count()).isEqualTo(4);

        BlasLibrary blis = new BlasLibrary(Path.of("x"), Path.of("x"), Vendor.BLIS, "test");
        assertThat(blis.threads(Map.of(), 8).count()).isEqualTo(1);
        assertThat(blis.threads(Map.of("BLIS_NUM_THREADS", "4"), 8).count()).isEqualTo(4);
        BlasLibrary reference = new BlasLibrary(Path.of("x"), Path.of("x"), Vendor.REFERENCE, "test");
        assertThat(reference.threads(Map.of("OPENBLAS_NUM_THREADS", "4"), 8).count()).isEqualTo(1);
    }
}
