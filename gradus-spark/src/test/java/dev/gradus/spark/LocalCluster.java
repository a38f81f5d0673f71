package dev.gradus.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;

/**
 * Spark's {@code local-cluster[workers, 1, 1024]}: a standalone Master and Workers on threads of this JVM and every
 * executor a separate JVM on the loopback interface, started from the Maven-resolved jars of the test class path
 * (no Spark distribution exists here). A Worker starts an executor through Spark's launcher, which wants a Spark
 * home with a {@code jars} directory and a Scala build directory: empty ones are made, and the test class path goes
 * on the executors' class path ({@code spark.executor.extraClassPath}).
 */
final class LocalCluster {
    /** Gradus's own JVM flags, which executors need for the same kernels (so the same bits) as this JVM. */
    static final String EXECUTOR_FLAGS = "--add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED";

    private LocalCluster() {}

    /** The configuration of a cluster of {@code workers} one-core executors with its Spark home under {@code dir}. */
    static SparkConf conf(Path dir, int workers) throws IOException {
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home.resolve("jars"));
        Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
        return SparkContexts.conf("local-cluster[" + workers + ",1,1024]")
                .set("spark.test.home", home.toString())
                .set("spark.executor.memory", "512m")
                .set("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .set("spark.executor.extraJavaOptions", EXECUTOR_FLAGS)
                .set("spark.task.maxFailures", "8");
    }

    /** The executor JVMs this JVM's Workers started ({@code CoarseGrainedExecutorBackend}). */
    static List<ProcessHandle> executors() {
        return ProcessHandle.current().descendants().filter(p -> p.info().commandLine()
                .map(cl -> cl.contains("CoarseGrainedExecutorBackend")).orElse(false)).toList();
    }
}
