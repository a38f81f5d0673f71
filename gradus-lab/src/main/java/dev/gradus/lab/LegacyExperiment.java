package dev.gradus.lab;

import java.util.List;

/**
 * An experiment in the lab's first form: one run at one seed, deciding one criterion. Kept only while the landed
 * experiments move to {@link Experiment}'s claims and seeds; the runner decides it as one claim over one seed,
 * with no negative control. New experiments implement {@link Experiment}.
 */
public interface LegacyExperiment extends Experiment {

    /**
     * Runs the experiment at the context's preset and seed.
     *
     * @return {@link ExperimentContext#conclude(Criterion)} on the criterion that decides the claim
     * @throws Exception on any failure; the runner reports it as a failed experiment
     */
    Result run(ExperimentContext ctx) throws Exception;

    @Override
    default String link() {
        return "";
    }

    @Override
    default Seeding seeding() {
        return Seeding.deterministic("first-form experiment: one run at one seed, not yet decided over seeds");
    }

    @Override
    default ScaleDown scaleDown() {
        return null;
    }

    @Override
    default List<Claim> claims(Preset preset) {
        return List.of();
    }

    @Override
    default void trial(Trial trial) {
        throw new UnsupportedOperationException(id() + " is a first-form experiment: the runner calls run()");
    }
}
