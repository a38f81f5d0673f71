package dev.gradus.lab;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The Gradus version, stamped into this module's resources at build time, so every report names its producer. */
public final class GradusVersion {
    private static final String VERSION = load();

    private GradusVersion() {}

    /** The version, for example {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the resource is missing. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        Properties p = new Properties();
        try (InputStream in = GradusVersion.class.getResourceAsStream("gradus-lab.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable resource costs only the version string, never the report.
        }
        String v = p.getProperty("version", "unknown");
        return v.startsWith("${") ? "unknown" : v;
    }
}
