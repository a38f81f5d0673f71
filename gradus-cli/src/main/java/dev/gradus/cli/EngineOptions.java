package dev.gradus.cli;

import dev.gradus.distributed.DataParallelStep;
import dev.gradus.distributed.EngineProvider;
import dev.gradus.train.TrainStep;
import dev.gradus.train.TrainerSetup;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --engine NAME --master URL}: where the data-parallel rounds run. {@code local} (the default) is the
 * in-process engine; any other name is an {@link EngineProvider} found on the class path (gradus-spark registers
 * {@code spark}), so this module does not depend on any engine. An engine gives the in-process bits.
 */
public final class EngineOptions {
    @Option(names = "--engine", paramLabel = "NAME", defaultValue = "local",
            description = "Where the workers run: local (in-process threads) or spark (gradus-spark on the class path;"
                    + " ./gradus adds it). Results are the same bits on either. Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "The engine's master, for --engine spark a Spark master URL such as 'local[2]' or"
                    + " 'spark://host:7077'.")
    String master;

    /** Whether the rounds run in-process. */
    public boolean local() {
        return "local".equals(engine);
    }

    /** The engine's name. */
    public String engine() {
        return engine;
    }

    /** The master, or null. */
    public String master() {
        return master;
    }

    /** Refuses a master without an engine, or an engine without a master, naming the option. */
    public void validate(CommandLine cl) {
        if (local() && master != null) {
            throw new CommandLine.ParameterException(cl, "--master is for --engine spark (or another engine), not"
                    + " --engine local");
        }
        if (!local() && master == null) {
            throw new CommandLine.ParameterException(cl, "--engine " + engine + " needs --master, such as"
                    + " --master 'local[2]'");
        }
    }

    /**
     * A run on this engine: {@link Run#step} turns the in-process step into the engine's, connecting on first use;
     * closing the run disconnects.
     */
    public Run open(CommandLine cl) {
        validate(cl);
        EngineProvider provider;
        try {
            provider = local() ? null : EngineProvider.named(engine);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--engine: " + e.getMessage());
        }
        return new Run(provider, master);
    }

    /** One run's connection to its engine. */
    public static final class Run implements AutoCloseable {
        private final EngineProvider provider;
        private final String master;
        private EngineProvider.Session session;

        private Run(EngineProvider provider, String master) {
            this.provider = provider;
            this.master = master;
        }

        /** Whether the rounds run in-process. */
        public boolean local() {
            return provider == null;
        }

        /** {@code reference} itself in-process, or the engine's step for its rounds. */
        public TrainStep step(DataParallelStep reference, TrainerSetup.Job job) {
            if (provider == null) {
                return reference;
            }
            if (session == null) {
                session = provider.open(master);
            }
            return session.dataParallel(reference, job);
        }

        /** Where the rounds ran, for the closing line. */
        public String describe() {
            return provider == null ? "in-process" : provider.name() + " " + master;
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
                session = null;
            }
        }
    }
}
