package dev.gradus.zeroth;

import dev.gradus.optim.OptState;

/** The state of an {@link AskTell} method: an {@link OptState} record with its run's {@link Progress}. */
public interface SearchState extends OptState {

    /** Evaluations, generations, the best point so far. */
    Progress progress();
}
