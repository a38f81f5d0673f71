package dev.gradus.spark;

import dev.gradus.distributed.DataParallelStep;
import dev.gradus.distributed.EngineProvider;
import dev.gradus.train.TrainStep;
import dev.gradus.train.TrainerSetup;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * {@code --engine spark}: the data-parallel rounds on a Spark master ({@code local[2]}, {@code spark://host:7077},
 * ...), one partition per worker up to the context's default parallelism. Registered in
 * {@code META-INF/services/dev.gradus.distributed.EngineProvider}.
 */
public final class SparkEngineProvider implements EngineProvider {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String summary() {
        return "Apache Spark; --master is a Spark master URL such as local[2] or spark://host:7077";
    }

    @Override
    public Session open(String master) {
        JavaSparkContext sc = SparkContexts.start(SparkContexts.conf(master));
        return new Session() {
            private SparkDataParallelStep step;

            @Override
            public TrainStep dataParallel(DataParallelStep reference, TrainerSetup.Job job) {
                int partitions = Math.max(1, Math.min(reference.workers(), sc.defaultParallelism()));
                step = SparkDataParallelStep.of(reference, sc, partitions, job.modelSpec(), job.model(), job.loss(),
                        job.train(), job.outputs());
                return step;
            }

            @Override
            public void close() {
                if (step != null) {
                    step.release();
                }
                sc.stop();
            }
        };
    }
}
