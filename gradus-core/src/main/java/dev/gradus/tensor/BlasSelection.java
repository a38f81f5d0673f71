package dev.gradus.tensor;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which native library {@link Blas} hands to netlib, and which backend runs the products, decided from what
 * the libraries on this machine are ({@link BlasLibrary#identify}) and what the user asked for. Nothing is
 * loaded or timed here, so the decision can be tested on any machine.
 *
 * <p>The rules:
 * <ol>
 *   <li>{@code -Dgradus.blas=/path/to/lib.so} names a library: it is loaded and used, whatever it is.</li>
 *   <li>netlib's own {@code -Ddev.ludovic.netlib.blas.nativeLibPath} or {@code .nativeLib} also name one.</li>
 *   <li>Otherwise the search directories are searched for {@link #CANDIDATES}, in that order, and the first
 *       that is a known optimised BLAS (OpenBLAS, MKL, BLIS, Accelerate) is loaded and used.</li>
 *   <li>When none is, products run in Gradus's own kernel ({@link BlasBackend#JAVA}): a reference BLAS that
 *       owns {@code libblas.so.3} is never used by default, because it is 10-20x slower than that kernel.
 *       {@code -Dgradus.blas=native} uses it anyway.</li>
 *   <li>{@code -Dgradus.blas=java} or {@code netlib-java} route products there; an optimised library that
 *       was found is still loaded so that benchmarks can compare backends.</li>
 * </ol>
 *
 * @param load the file to hand to netlib as {@code dev.ludovic.netlib.blas.nativeLibPath}, or null to leave
 *     netlib's properties as they are
 * @param tryNative whether to load netlib's native wrapper at all
 * @param backend where products go when the native library loads
 * @param library what the chosen (or, when none is used, the first found) library is; null when none was found
 * @param reason why, in one sentence, for {@code gradus --version} and benchmark reports
 */
record BlasSelection(Path load, boolean tryNative, BlasBackend backend, BlasLibrary library, String reason) {
    /** The system property that chooses a backend or names a library. */
    static final String PROPERTY = "gradus.blas";
    /** The system property that replaces the search directories (entries separated by the path separator). */
    static final String SEARCH_PATH_PROPERTY = "gradus.blas.searchPath";
    /** netlib's full path to the library it loads. */
    static final String NETLIB_PATH = "dev.ludovic.netlib.blas.nativeLibPath";
    /** netlib's library name, resolved by the system loader; {@code libblas.so.3} when unset. */
    static final String NETLIB_NAME = "dev.ludovic.netlib.blas.nativeLib";
    /** The file names searched for, in order of preference. */
    static final List<String> CANDIDATES =
            List.of("libopenblas.so.0", "libblas.so.3", "libmkl_rt.so.2", "libmkl_rt.so", "libblis.so.4");

    private static final String ADVICE = "install libopenblas0-pthread, or name a library with "
            + "-Dgradus.blas=/path/to/libblas.so";

    /** The decision for this JVM's system properties and environment. */
    static BlasSelection forThisJvm() {
        String dirs = System.getProperty(SEARCH_PATH_PROPERTY);
        List<Path> search = dirs != null ? split(dirs)
                : defaultSearchDirs(System.getenv(), System.getProperty("os.arch", ""));
        return choose(System.getProperty(PROPERTY), System.getProperty(NETLIB_PATH), System.getProperty(NETLIB_NAME),
                search);
    }

    /**
     * The decision for a request.
     *
     * @param requested the value of {@code gradus.blas}: null or {@code auto}, a backend id, or a library path
     * @param netlibPath netlib's {@code nativeLibPath} property as the user set it, or null
     * @param netlibName netlib's {@code nativeLib} property as the user set it, or null
     * @param searchDirs the directories to look for {@link #CANDIDATES} in
     */
    static BlasSelection choose(String requested, String netlibPath, String netlibName, List<Path> searchDirs) {
        String req = requested == null || requested.isBlank() ? "auto" : requested.trim();
        if (looksLikePath(req)) {
            Path p = Path.of(req);
            Path found = req.contains("/") || req.contains(File.separator) ? null : find(req, searchDirs);
            if (found != null) {
                p = found; // a bare file name such as libmkl_rt.so.2, found in the search path
            }
            if (!Files.exists(p)) {
                return new BlasSelection(null, false, BlasBackend.JAVA, null, "-D" + PROPERTY + "=" + req
                        + " names no file, so products run in Gradus's own kernel");
            }
            BlasLibrary lib = BlasLibrary.identify(p);
            return new BlasSelection(p, true, BlasBackend.NATIVE, lib, "named by -D" + PROPERTY + ": " + lib.describe());
        }
        BlasBackend wanted = null;
        String ignored = "";
        if (!req.equalsIgnoreCase("auto")) {
            try {
                wanted = BlasBackend.fromId(req);
            } catch (IllegalArgumentException e) {
                ignored = " (-D" + PROPERTY + "=" + req + " ignored: " + e.getMessage() + ")";
            }
        }
        BlasBackend named = wanted == null ? BlasBackend.NATIVE : wanted;
        if (netlibPath != null && !netlibPath.isBlank()) {
            BlasLibrary lib = BlasLibrary.identify(Path.of(netlibPath));
            return new BlasSelection(null, true, named, lib, "named by -D" + NETLIB_PATH + ": " + lib.describe() + ignored);
        }
        if (netlibName != null && !netlibName.isBlank()) {
            Path found = find(netlibName, searchDirs);
            BlasLibrary lib = found == null ? null : BlasLibrary.identify(found);
            return new BlasSelection(null, true, named, lib, "named by -D" + NETLIB_NAME + "=" + netlibName
                    + (lib == null ? ", which the system loader resolves" : ": " + lib.describe()) + ignored);
        }
        List<BlasLibrary> found = new ArrayList<>();
        for (String name : CANDIDATES) {
            Path p = find(name, searchDirs);
            if (p != null) {
                found.add(BlasLibrary.identify(p));
            }
        }
        for (BlasLibrary lib : found) {
            if (lib.optimised()) {
                String why = wanted == null || wanted == BlasBackend.NATIVE
                        ? lib.describe() + ", a known optimised BLAS"
                        : "requested by -D" + PROPERTY + "=" + wanted.id() + " (" + lib.describe() + ", is loaded too)";
                return new BlasSelection(lib.path(), true, wanted == null ? BlasBackend.NATIVE : wanted, lib,
                        why + ignored);
            }
        }
        BlasLibrary first = found.isEmpty() ? null : found.get(0);
        if (wanted == BlasBackend.NATIVE) {
            return first != null
                    ? new BlasSelection(first.path(), true, BlasBackend.NATIVE, first, "requested by -D" + PROPERTY
                            + "=native, though " + first.describe())
                    : new BlasSelection(null, true, BlasBackend.NATIVE, null, "requested by -D" + PROPERTY
                            + "=native; no BLAS found in " + summary(searchDirs) + ", so netlib asks the system loader"
                            + " for libblas.so.3");
        }
        if (wanted != null) {
            return new BlasSelection(null, false, wanted, first, "requested by -D" + PROPERTY + "=" + wanted.id());
        }
        String why = first == null
                ? "no optimised BLAS (OpenBLAS, MKL, BLIS) found in " + summary(searchDirs)
                : first.describe() + ", so it is not used";
        return new BlasSelection(null, false, BlasBackend.JAVA, first, why + "; products run in Gradus's own kernel ("
                + ADVICE + ")" + ignored);
    }

    /** True for a value of {@code gradus.blas} that is a file rather than a backend id. */
    static boolean looksLikePath(String s) {
        return s.contains("/") || s.contains(File.separator) || s.endsWith(".so") || s.contains(".so.")
                || s.endsWith(".dylib") || s.endsWith(".dll");
    }

    /** The first {@code dir/name} that is a file (following links), or null. */
    static Path find(String name, List<Path> dirs) {
        for (Path dir : dirs) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Where the dynamic loader of a Linux system looks: {@code LD_LIBRARY_PATH}, then the multiarch and
     * standard library directories (what {@code /etc/ld.so.conf} lists on Debian, Ubuntu, Fedora and Arch;
     * {@code /usr/lib} before {@code /lib}, which merged-{@code /usr} systems link together), then {@code $MKLROOT/lib} for an Intel oneAPI install. A library elsewhere can be
     * named with {@code -Dgradus.blas=PATH} or listed in {@code -Dgradus.blas.searchPath}.
     */
    static List<Path> defaultSearchDirs(Map<String, String> env, String osArch) {
        Set<Path> dirs = new LinkedHashSet<>();
        String ld = env.get("LD_LIBRARY_PATH");
        if (ld != null) {
            dirs.addAll(split(ld));
        }
        String multiarch = switch (osArch) {
            case "amd64", "x86_64" -> "x86_64-linux-gnu";
            case "aarch64" -> "aarch64-linux-gnu";
            case "riscv64" -> "riscv64-linux-gnu";
            default -> osArch.toLowerCase(Locale.ROOT) + "-linux-gnu";
        };
        for (String d : new String[] {"/usr/local/lib/" + multiarch, "/usr/local/lib", "/usr/lib/" + multiarch,
            "/lib/" + multiarch, "/usr/lib64", "/lib64", "/usr/lib", "/lib"}) {
            dirs.add(Path.of(d));
        }
        String mkl = env.get("MKLROOT");
        if (mkl != null && !mkl.isBlank()) {
            dirs.add(Path.of(mkl, "lib"));
            dirs.add(Path.of(mkl, "lib", "intel64"));
        }
        return List.copyOf(dirs);
    }

    private static List<Path> split(String pathList) {
        List<Path> out = new ArrayList<>();
        for (String s : pathList.split(File.pathSeparator)) {
            if (!s.isBlank()) {
                out.add(Path.of(s.trim()));
            }
        }
        return out;
    }

    private static String summary(List<Path> dirs) {
        if (dirs.size() <= 3) {
            return dirs.toString();
        }
        return "[" + dirs.get(0) + ", " + dirs.get(1) + ", ... " + dirs.size() + " directories]";
    }
}
