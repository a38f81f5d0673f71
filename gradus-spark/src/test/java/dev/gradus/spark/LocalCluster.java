package dev.gradus.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Spark's {@code local-cluster[workers, 1, 1024]}: a standalone Master and Workers on threads of this JVM and every
 * executor a separate JVM on the loopback interface, started from the Maven-resolved jars of the test class path
 * (no Spark distribution exists here). A Worker starts an executor through Spark's launcher, which wants
 * {@code SPARK_HOME} with a {@code jars} directory and {@code SPARK_SCALA_VERSION} (set for the tests by the
 * module's surefire configuration): the directory is made empty, and the test class path goes on the executors'
 * class path ({@code spark.executor.extraClassPath}).
 */
final class LocalCluster {
    /** Gradus's own JVM flags, which executors need for the same kernels (so the same bits) as this JVM. */
    static final String EXECUTOR_FLAGS = "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED";

    private LocalCluster() {}

    /** The configuration of a cluster of {@code workers} one-core executors. */
    static SparkConf conf(int workers) throws IOException {
        String home = System.getenv("SPARK_HOME");
        if (home == null || System.getenv("SPARK_SCALA_VERSION") == null) {
            throw new IllegalStateException("local-cluster needs SPARK_HOME and SPARK_SCALA_VERSION in the"
                    + " environment (gradus-spark's surefire configuration sets them)");
        }
        Files.createDirectories(Path.of(home, "jars"));
        return SparkContexts.conf("local-cluster[" + workers + ",1,1024]")
                .set("spark.executor.memory", "512m")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", EXECUTOR_FLAGS)
                .set("spark.task.maxFailures", "8");
    }

    /**
     * The executor JVMs this JVM's Workers started ({@code CoarseGrainedExecutorBackend}), read from
     * {@code /proc/PID/cmdline}: {@link ProcessHandle.Info#commandLine} drops the arguments of a command line as
     * long as an executor's (its class path).
     */
    static List<ProcessHandle> executors() {
        return ProcessHandle.current().descendants().filter(LocalCluster::isExecutor).toList();
    }

    private static boolean isExecutor(ProcessHandle p) {
        try {
            byte[] cmd = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
            return new String(cmd, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains("CoarseGrainedExecutorBackend");
        } catch (IOException e) {
            return false;
        }
    }
}
