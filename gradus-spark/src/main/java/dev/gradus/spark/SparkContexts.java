package dev.gradus.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark contexts as Gradus starts them: bound to the loopback interface unless the user's configuration says
 * otherwise, no web UI, no console progress bar, warnings only in the log.
 */
public final class SparkContexts {
    private SparkContexts() {}

    /** The configuration for {@code master} (such as {@code local[2]}), loopback-bound when nothing else is set. */
    public static SparkConf conf(String master) {
        if (master == null || master.isBlank()) {
            throw new IllegalArgumentException("gradus-spark: --master is required, such as 'local[2]' or"
                    + " 'spark://host:7077'");
        }
        SparkConf conf = new SparkConf(true).setMaster(master).setAppName("gradus");
        conf.setIfMissing("spark.driver.host", "127.0.0.1");
        conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        return conf;
    }

    /** A context for {@code conf}, logging warnings only. */
    public static JavaSparkContext start(SparkConf conf) {
        JavaSparkContext sc = new JavaSparkContext(conf);
        sc.setLogLevel("WARN");
        return sc;
    }
}
