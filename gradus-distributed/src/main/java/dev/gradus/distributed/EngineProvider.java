package dev.gradus.distributed;

import dev.gradus.train.TrainStep;
import dev.gradus.train.TrainerSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * An engine that runs the rounds of a {@link DataParallelStep} somewhere other than this JVM's threads (Spark),
 * found by {@linkplain #name() name} through {@link ServiceLoader} ({@code META-INF/services}), so the command line
 * resolves {@code --engine spark} without depending on the engine's module. The engine's step must give the bits
 * of the in-process step it is built from, keep the same state (so checkpoints resume either way) and describe
 * itself the same.
 */
public interface EngineProvider {

    /** The engine's name on the command line, such as {@code spark}. */
    String name();

    /** One line for help texts: what {@code --master} means for this engine. */
    String summary();

    /**
     * Connects to {@code master} (for Spark a master URL such as {@code local[2]}).
     *
     * @throws IllegalArgumentException when the master cannot be used
     */
    Session open(String master);

    /** A connection to the engine, closed when the run ends. */
    interface Session extends AutoCloseable {

        /**
         * The step that runs {@code reference}'s rounds (same workers, compressor, aggregator, attack and
         * simulated time) on this engine, for the job's model and training data.
         *
         * @throws IllegalArgumentException when the engine cannot run this configuration
         */
        TrainStep dataParallel(DataParallelStep reference, TrainerSetup.Job job);

        @Override
        void close();
    }

    /** Every engine on the class path, by name. */
    static List<EngineProvider> available() {
        List<EngineProvider> out = new ArrayList<>();
        ServiceLoader.load(EngineProvider.class).forEach(out::add);
        return out;
    }

    /**
     * The engine called {@code name}.
     *
     * @throws IllegalArgumentException naming the engines found when there is none by that name
     */
    static EngineProvider named(String name) {
        List<String> names = new ArrayList<>();
        for (EngineProvider p : available()) {
            if (p.name().equals(name)) {
                return p;
            }
            names.add(p.name());
        }
        throw new IllegalArgumentException("no engine '" + name + "' on the class path (found: local"
                + (names.isEmpty() ? "" : ", " + String.join(", ", names)) + "); the spark engine is in gradus-spark's"
                + " jar, which ./gradus puts on the class path when it has been built");
    }
}
