package dev.gradus.rl.env;

import java.util.Map;

/**
 * What one {@link Environment#step} returns, as in Gym 0.26: the next observation, the reward, whether the episode
 * ended in a terminal state ({@code terminated}: do not bootstrap) or was cut by the time limit ({@code truncated}:
 * bootstrap from the observation), and extra information.
 *
 * @param observation the observation after the step (a fresh array)
 * @param reward the reward of the step
 * @param terminated true when a terminal state was reached
 * @param truncated true when the time limit cut the episode (and it did not terminate)
 * @param info extra facts, such as {@code "elapsed"} steps; never null
 */
public record Step(double[] observation, double reward, boolean terminated, boolean truncated, Map<String, Object> info) {

    /** True when the episode is over either way. */
    public boolean done() {
        return terminated || truncated;
    }
}
