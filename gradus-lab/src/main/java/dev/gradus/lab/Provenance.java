package dev.gradus.lab;

import dev.gradus.tensor.Blas;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;

/**
 * Where a report came from: the Gradus version and commit, the JVM, the BLAS backend, the operating system and
 * processors, and when it started. The report and {@code results.json} both carry it.
 *
 * @param version the Gradus version
 * @param commit the git commit the lab was built from ({@code -dirty} when the tree had changes), or
 *     {@code unknown}
 * @param jvm the Java version and VM
 * @param blas the BLAS backend and its threads
 * @param os the operating system, its architecture and the processors available
 * @param date when the run started, ISO-8601 UTC
 */
public record Provenance(String version, String commit, String jvm, String blas, String os, String date) {

    /** This process's provenance, dated now. */
    public static Provenance current() {
        Properties g = new Properties();
        try (InputStream in = Provenance.class.getResourceAsStream("gradus-lab-git.properties")) {
            if (in != null) {
                g.load(in);
            }
        } catch (IOException e) {
            // Without the resource the commit reads "unknown"; the report is still written.
        }
        String commit = g.getProperty("git.commit.id.abbrev", "unknown");
        if ("true".equals(g.getProperty("git.dirty"))) {
            commit += "-dirty";
        }
        int threads = Blas.threads();
        return new Provenance(GradusVersion.get(), commit,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")",
                Blas.provider() + ", " + threads + (threads == 1 ? " thread" : " threads"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors()
                        + " processors",
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }
}
