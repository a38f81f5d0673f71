package dev.gradus.rl;

import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.rl.env.EnvFactory;
import dev.gradus.rl.policy.PolicyFactory;

/**
 * A reinforcement-learning method written in the spec language, such as {@code ppo(lr=3e-4)} or
 * {@code pg(n_pg_igt(lr=0.1), incoming_gradient=false)}: the components of the {@code rl_algorithm} family
 * ({@link #ALGORITHMS}). {@link #learner} starts a run.
 */
public interface RlAlgorithm {

    /** The family of RL algorithms. */
    SpecFamily<RlAlgorithm> ALGORITHMS = SpecFamily.of("rl_algorithm", RlAlgorithm.class);

    /**
     * A learner for {@code env} with {@code policy} (null: {@link PolicyFactory#defaultFor} the action space),
     * everything seeded from {@code seed}; {@code totalSteps} is the run's budget of environment steps, for methods
     * whose schedules depend on it (MDPO's annealing, learning-rate decay).
     */
    Learner learner(EnvFactory env, PolicyFactory policy, long seed, long totalSteps);

    /** Parses an algorithm spec. */
    static RlAlgorithm parse(String spec) {
        return ALGORITHMS.parse(spec);
    }
}
