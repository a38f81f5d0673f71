package dev.gradus.rl.env;

import dev.gradus.optim.spec.SpecFamily;

/**
 * An environment written in the spec language, such as {@code cartpole} or {@code pendulum(g=9.81)}: the components
 * of the {@code env} family ({@link #ENVS}). A factory is immutable; {@link #create()} makes a fresh environment.
 * To add an environment, declare {@code Descriptor.component("name", "env", X::new)} on a class that extends
 * {@code Configured<X>} and implements this interface, and list it in the module's {@code DescriptorProvider}.
 */
public interface EnvFactory {

    /** The family of environments. */
    SpecFamily<EnvFactory> ENVS = SpecFamily.of("env", EnvFactory.class);

    /** A new environment, to be {@link Environment#reset(long) reset} before its first step. */
    Environment create();

    /** Parses an environment spec such as {@code cartpole(max_steps=200)}. */
    static EnvFactory parse(String spec) {
        return ENVS.parse(spec);
    }
}
