package dev.gradus.cli;

import dev.gradus.tensor.Blas;
import dev.gradus.tensor.io.IoErrors;
import dev.gradus.train.DivergenceException;
import dev.gradus.train.NonFiniteException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code gradus} command: the entry point of the command line. */
@Command(
        name = "gradus",
        mixinStandardHelpOptions = true,
        versionProvider = GradusCommand.Version.class,
        description = "Gradient-based learning and optimization on the JVM, with a lab that reproduces papers.",
        footer = {"The ./gradus launcher also runs Java with Gradus on the class path (./gradus java FILE.java|CLASS"
                + " [ARGS]) and the JMH benchmarks (./gradus bench jmh [JMH OPTIONS])."},
        subcommands = {CommandLine.HelpCommand.class, OptimCommand.class, TrainCommand.class,
            CompareCommand.class, BenchCommand.class})
public final class GradusCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        int status;
        try {
            status = newCommandLine().execute(args);
        } catch (OutOfMemoryError e) {
            // Estimates refuse what clearly cannot fit; this catches the rest with the same advice, not a trace.
            long max = Runtime.getRuntime().maxMemory() >> 20;
            System.err.println("gradus: out of memory (" + e.getMessage() + "): the Java heap's maximum is " + max
                    + " MB; give Java more heap, e.g. GRADUS_JAVA_OPTS='-Xmx" + Math.max(2, 2 * (max >> 10) + 1)
                    + "g' for ./gradus (java -Xmx...), or use less data or a smaller model");
            status = 3;
        } catch (StackOverflowError e) {
            System.err.println("gradus: the input nests too deeply to process (stack overflow); simplify it");
            status = 3;
        }
        System.exit(status);
    }

    /** The configured command line, shared by {@link #main} and the tests. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new GradusCommand());
        List<GradusSubcommand> added = new ArrayList<>();
        ServiceLoader.load(GradusSubcommand.class, GradusCommand.class.getClassLoader()).forEach(added::add);
        added.sort(Comparator.comparing(c -> c.getClass().getAnnotation(Command.class).name()));
        for (GradusSubcommand c : added) {
            cl.addSubcommand(c);
        }
        cl.registerConverter(Path.class, GradusCommand::path);
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // User errors (bad spec, bad file, a run stopped by non-finite values or divergence) get one clear
            // line, not a stack trace. DataException and SpecException are IllegalArgumentExceptions.
            Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            if (e instanceof FileSystemException fs && fs.getFile() != null) {
                // The JDK's message is often the bare path; say what is wrong with it.
                line.getErr().println("gradus: " + fs.getFile() + ": " + IoErrors.reason(fs, Path.of(fs.getFile())));
                return 2;
            }
            if (e instanceof InvalidPathException ip) {
                line.getErr().println("gradus: " + unrepresentable(ip));
                return 2;
            }
            if (e instanceof IllegalArgumentException || e instanceof IOException || e instanceof NonFiniteException
                    || e instanceof DivergenceException) {
                line.getErr().println("gradus: " + e.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    /**
     * A path option, refused with a clear line when the platform cannot represent it: a non-ASCII name under a
     * C or POSIX locale, where Java encodes file names in ASCII.
     */
    static Path path(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException(unrepresentable(e));
        }
    }

    /** Why a path cannot be used, with the locale advice that usually fixes it. */
    static String unrepresentable(InvalidPathException e) {
        return "'" + e.getInput() + "' cannot be a file name here: " + e.getReason() + " in the file-name encoding "
                + System.getProperty("sun.jnu.encoding", "of this system") + "; run with a UTF-8 locale, such as"
                + " LC_ALL=C.UTF-8";
    }

    /**
     * Prints the version, the git commit the jar was built from, the JVM, and the BLAS backend with its thread
     * count and the reason it was chosen.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties v = load("/gradus-version.properties");
            Properties g = load("/gradus-git.properties");
            String commit = g.getProperty("git.commit.id.abbrev", "unknown");
            if ("true".equals(g.getProperty("git.dirty"))) {
                commit += "-dirty";
            }
            int threads = Blas.threads();
            return new String[] {"gradus " + v.getProperty("version", "unknown") + " (commit " + commit + ")",
                    "Java " + System.getProperty("java.version") + ", " + System.getProperty("java.vm.name"),
                    "BLAS " + Blas.provider() + "; " + threads + (threads == 1 ? " thread (" : " threads (")
                            + Blas.threadsSource() + ")",
                    "  why: " + Blas.reason()};
        }

        private static Properties load(String resource) {
            Properties p = new Properties();
            try (InputStream in = GradusCommand.class.getResourceAsStream(resource)) {
                if (in != null) {
                    p.load(in);
                }
            } catch (IOException e) {
                // An unreadable resource only loses the version line, never the command.
            }
            return p;
        }
    }
}
