package dev.gradus.tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A native BLAS library on disk and what it is, told by what the file is rather than by how fast it runs:
 *
 * <ol>
 *   <li>the symbols it exports: {@code openblas_*} (OpenBLAS), {@code mkl_*} / {@code MKL_*} (Intel MKL),
 *       {@code bli_*} (BLIS);</li>
 *   <li>the libraries it needs: Debian's OpenBLAS {@code libblas.so.3} is a thin wrapper that needs
 *       {@code libopenblas.so.0};</li>
 *   <li>its resolved path: Debian installs each provider of {@code libblas.so.3} in a directory of its own
 *       ({@code openblas-pthread/}, {@code blis-pthread/}, and {@code blas/} for the reference BLAS of the
 *       package {@code libblas3}), and Apple's Accelerate lives in {@code Accelerate.framework}. BLIS's
 *       {@code libblas.so.3} hides its {@code bli_*} symbols, so for it the path is the evidence.</li>
 * </ol>
 *
 * A library that none of these identifies but that exports {@code dgemm_} is the reference BLAS or an
 * unrecognised one; either way it is not {@link #optimised()}.
 *
 * @param path the file as found (often a symbolic link such as {@code /usr/lib/x86_64-linux-gnu/libblas.so.3})
 * @param realPath the file the link resolves to
 * @param vendor what the library is
 * @param evidence how that was told, e.g. {@code exports openblas_get_config}
 */
record BlasLibrary(Path path, Path realPath, Vendor vendor, String evidence) {

    /** The BLAS implementations Gradus can tell apart. */
    enum Vendor {
        /** OpenBLAS, optimised. */
        OPENBLAS("OpenBLAS", "OpenBLAS", true),
        /** Intel MKL (oneMKL), optimised. */
        MKL("Intel MKL", "Intel MKL", true),
        /** BLIS, optimised. */
        BLIS("BLIS", "BLIS", true),
        /** Apple Accelerate (vecLib), optimised. */
        ACCELERATE("Apple Accelerate", "Apple Accelerate", true),
        /** The reference BLAS of netlib.org, unoptimised: Fortran loops, about 1-2 GFLOPS. */
        REFERENCE("the reference BLAS", "the reference BLAS (unoptimised)", false),
        /** A BLAS that none of the rules identifies: treated as unoptimised. */
        UNKNOWN("an unrecognised BLAS", "not a known optimised BLAS", false),
        /** A file that exports no {@code dgemm_}. */
        NOT_BLAS("a library without dgemm_", "not a BLAS (it exports no dgemm_)", false);

        private final String shortName;
        private final String label;
        private final boolean optimised;

        Vendor(String shortName, String label, boolean optimised) {
            this.shortName = shortName;
            this.label = label;
            this.optimised = optimised;
        }

        /** What the library is, as a noun: {@code OpenBLAS}, {@code the reference BLAS}. */
        String shortName() {
            return shortName;
        }

        /** What the library is, for a sentence that names the file first. */
        String label() {
            return label;
        }
    }

    /** Thread count of a library, with where the number comes from. */
    record Threads(int count, String source) {}

    /** True for OpenBLAS, MKL, BLIS and Accelerate: the libraries Gradus routes products to by default. */
    boolean optimised() {
        return vendor.optimised;
    }

    /** Identifies the library at {@code path} (which need not exist for Accelerate, whose path is enough). */
    static BlasLibrary identify(Path path) {
        Path real = path.toAbsolutePath().normalize();
        try {
            real = path.toRealPath();
        } catch (IOException e) {
            // A missing file keeps its own name; the rules below then see only the path.
        }
        String components = real.toString().toLowerCase(Locale.ROOT);
        if (components.contains("accelerate.framework") || components.contains("veclib.framework")) {
            return new BlasLibrary(path, real, Vendor.ACCELERATE, "its path is Apple's Accelerate framework");
        }
        Optional<ElfLibrary> elf = Files.isRegularFile(real) ? ElfLibrary.read(real) : Optional.empty();
        if (elf.isPresent()) {
            ElfLibrary e = elf.get();
            if (e.exportsPrefix("openblas_")) {
                return new BlasLibrary(path, real, Vendor.OPENBLAS,
                        e.exported().contains("openblas_get_config") ? "exports openblas_get_config"
                                : "exports openblas_* symbols");
            }
            if (e.exportsPrefix("mkl_") || e.exportsPrefix("MKL_")) {
                return new BlasLibrary(path, real, Vendor.MKL, "exports mkl_* symbols");
            }
            if (e.exportsPrefix("bli_")) {
                return new BlasLibrary(path, real, Vendor.BLIS, "exports bli_* symbols");
            }
            for (String lib : e.needed()) {
                Vendor v = vendorNamed(lib);
                if (v != null) {
                    return new BlasLibrary(path, real, v, "needs " + lib);
                }
            }
        }
        Path dirs = real.getParent();
        for (Path p = real; p != null; p = p.getParent()) {
            Path name = p.getFileName();
            Vendor v = name == null ? null : vendorNamed(name.toString());
            if (v != null) {
                return new BlasLibrary(path, real, v, "its path names " + v.shortName() + " (" + name + ")");
            }
        }
        if (elf.isEmpty()) {
            return new BlasLibrary(path, real, Vendor.UNKNOWN, "not an ELF shared library that Gradus can read");
        }
        if (!elf.get().exported().contains("dgemm_")) {
            return new BlasLibrary(path, real, Vendor.NOT_BLAS, "exports no dgemm_");
        }
        if (dirs != null && dirs.getFileName() != null && dirs.getFileName().toString().equals("blas")
                && real.getFileName().toString().startsWith("libblas.so")) {
            return new BlasLibrary(path, real, Vendor.REFERENCE,
                    "Debian's package libblas3 puts it in blas/, and it exports dgemm_ but no OpenBLAS, MKL or BLIS symbol");
        }
        return new BlasLibrary(path, real, Vendor.UNKNOWN,
                "exports dgemm_ but no OpenBLAS, MKL or BLIS symbol, as the reference BLAS does");
    }

    /** The vendor a library or directory name such as {@code libopenblas.so.0} or {@code blis-pthread} names. */
    private static Vendor vendorNamed(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("openblas")) {
            return Vendor.OPENBLAS;
        }
        if (n.startsWith("libmkl") || n.equals("mkl")) {
            return Vendor.MKL;
        }
        if (n.startsWith("libblis") || n.equals("blis") || n.startsWith("blis-")) {
            return Vendor.BLIS;
        }
        return null;
    }

    /**
     * How many threads the library runs a large product on, from the environment variables it reads at load
     * time, in its own order of precedence, and {@code cores} (the processors available to this process).
     */
    Threads threads(Map<String, String> env, int cores) {
        return switch (vendor) {
            case OPENBLAS -> fromEnv(env, cores, true, "one per core", cores,
                    "OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS");
            case MKL -> fromEnv(env, cores, false, "one per core", cores, "MKL_NUM_THREADS", "OMP_NUM_THREADS");
            case BLIS -> fromEnv(env, cores, false, "BLIS is single-threaded by default", 1,
                    "BLIS_NUM_THREADS", "OMP_NUM_THREADS");
            case ACCELERATE -> fromEnv(env, cores, true, "one per core", cores, "VECLIB_MAXIMUM_THREADS");
            case REFERENCE -> new Threads(1, "the reference BLAS is single-threaded");
            case UNKNOWN, NOT_BLAS -> new Threads(1, "not known for an unrecognised library; assumed 1");
        };
    }

    private static Threads fromEnv(Map<String, String> env, int cores, boolean capped, String fallback,
                                   int fallbackCount, String... names) {
        for (String name : names) {
            String v = env.get(name);
            if (v == null) {
                continue;
            }
            try {
                int n = Integer.parseInt(v.trim());
                if (n > 0) {
                    return new Threads(capped ? Math.min(n, cores) : n, name + "=" + v.trim());
                }
            } catch (NumberFormatException e) {
                // The library ignores a value it cannot parse, and so does this report.
            }
        }
        return new Threads(fallbackCount, names[0] + " unset: " + fallback);
    }

    /**
     * For reports, e.g. {@code OpenBLAS at /usr/lib/x86_64-linux-gnu/libopenblas.so.0
     * (-> .../openblas-pthread/libopenblasp-r0.3.21.so; exports openblas_get_config)}.
     */
    String describe() {
        String at = path.toString();
        if (!realPath.equals(path)) {
            at += " (-> " + realPath + ")";
        }
        String what = vendor.optimised ? vendor.label() + " at " + at : at + ", " + vendor.label();
        return what + "; " + evidence;
    }
}
