package dev.gradus.bench.launch;

import java.io.PrintStream;

/**
 * The main class of {@code gradus-benchmarks.jar}: checks the JVM's version, then hands the arguments to JMH's
 * own {@code org.openjdk.jmh.Main}. Run it through the launcher, {@code ./gradus bench jmh [JMH options]}, which
 * finds a JDK 21+ and builds the jar when needed; {@code ./gradus bench jmh -h} lists JMH's options.
 */
public final class BenchmarkMain {
    /** The oldest Java release the benchmarks run on (the project's bytecode level). */
    static final int REQUIRED = 21;

    private BenchmarkMain() {}

    /** Refuses an old JVM with one line on stderr and exit status 2; otherwise runs JMH. */
    public static void main(String[] args) throws Exception {
        String problem = problem(System.getProperty("java.specification.version"), System.getProperty("java.home"));
        if (problem != null) {
            System.err.println(problem);
            System.exit(2);
        }
        // Each JMH fork starts with the Vector API module and so prints the JVM's incubator note, which JMH
        // copies into its own output; the filter takes out exactly that line.
        final IncubatorNoteFilter out = new IncubatorNoteFilter(System.out);
        final IncubatorNoteFilter err = new IncubatorNoteFilter(System.err);
        // Java 21 knows the encodings of its standard streams; keep them, as JMH's own streams would.
        System.setOut(new PrintStream(out, true, System.getProperty("stdout.encoding", "UTF-8")));
        System.setErr(new PrintStream(err, true, System.getProperty("stderr.encoding", "UTF-8")));
        Runtime.getRuntime().addShutdownHook(new Thread(new Runnable() {
            @Override
            public void run() {
                out.release();
                err.release();
            }
        }));
        org.openjdk.jmh.Main.main(args);
    }

    /**
     * The line to print for a JVM of {@code specVersion} ({@code java.specification.version}: "1.8", "17")
     * at {@code javaHome}, or null when it is new enough.
     */
    static String problem(String specVersion, String javaHome) {
        int major = major(specVersion);
        if (major >= REQUIRED) {
            return null;
        }
        return "gradus-benchmarks: needs Java " + REQUIRED + " or newer, but " + javaHome + " is Java " + specVersion
                + "; run ./gradus bench jmh [options], which finds a JDK " + REQUIRED + "+";
    }

    /** The major version in a specification version: 8 for "1.8", 17 for "17"; 0 when it cannot be read. */
    static int major(String specVersion) {
        if (specVersion == null) {
            return 0;
        }
        String s = specVersion.startsWith("1.") ? specVersion.substring(2) : specVersion;
        int end = 0;
        while (end < s.length() && Character.isDigit(s.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(s.substring(0, end));
    }
}
