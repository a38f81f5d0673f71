package dev.gradus.cli;

import dev.gradus.tensor.Blas;
import dev.gradus.train.NonFiniteException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

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
        System.exit(newCommandLine().execute(args));
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
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            // User errors (bad spec, bad file, a run stopped by non-finite values) get one clear line, not a
            // stack trace. DataException and SpecException are IllegalArgumentExceptions.
            if (ex instanceof IllegalArgumentException || ex instanceof IOException
                    || ex instanceof java.io.UncheckedIOException || ex instanceof NonFiniteException) {
                line.getErr().println("gradus: " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
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
