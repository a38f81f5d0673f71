package dev.gradus.rl.policy;

import dev.gradus.nn.Activation;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.ParamType;
import dev.gradus.optim.spec.Range;
import dev.gradus.optim.spec.SpecFamily;
import dev.gradus.rl.env.ActionSpace;
import dev.gradus.tensor.RandomStream;
import java.util.List;

/**
 * A policy architecture written in the spec language, the components of the {@code policy} family
 * ({@link #POLICIES}): {@code softmax(hidden=(64, 64))} for discrete actions, {@code gaussian(hidden=(64, 64))} for
 * a box; {@code hidden=()} makes the policy linear in the observation ({@code gaussian(hidden=(), bias=false,
 * learn_sigma=false, sigma=0.5, zero_init=true)} is the LQR's linear-Gaussian policy a = K s + σ ε from K = 0).
 */
public interface PolicyFactory {

    /** The family of policies. */
    SpecFamily<PolicyFactory> POLICIES = SpecFamily.of("policy", PolicyFactory.class);

    /** A policy for observations of {@code observationSize} and actions in {@code space}, weights from {@code rng}. */
    Policy build(int observationSize, ActionSpace space, RandomStream rng);

    /** The default policy for an action space: a 2x64 tanh softmax (discrete) or Gaussian with learned σ (box). */
    static PolicyFactory defaultFor(ActionSpace space) {
        return POLICIES.parse(space.isDiscrete() ? "softmax(hidden=(64, 64))" : "gaussian(hidden=(64, 64))");
    }

    /** Parses a policy spec. */
    static PolicyFactory parse(String spec) {
        return POLICIES.parse(spec);
    }

    /** An MLP {@code in -> hidden... -> out} (a single Linear for no hidden layer), the last layer zeroed if asked. */
    static Module network(int in, int[] hidden, int out, String activation, boolean bias, boolean zeroOutput,
            RandomStream rng) {
        Module net;
        Linear last;
        if (hidden.length == 0) {
            last = new Linear(in, out, bias, rng);
            net = last;
        } else {
            if (!bias) {
                throw new IllegalArgumentException("policy: bias=false is only for a linear policy (hidden=())");
            }
            Sequential s = Mlp.builder(in).hidden(hidden).outputs(out).activation(Activation.of(activation)).build(rng);
            last = (Linear) s.get(s.size() - 1);
            net = s;
        }
        if (zeroOutput) {
            last.weight().value().fill(0);
            if (last.bias() != null) {
                last.bias().value().fill(0);
            }
        }
        return net;
    }

    /** An integer-tuple setting (such as {@code hidden=(64, 64)}) as {@code int[]}. */
    static int[] ints(Hyperparams hp, String name) {
        long[] l = hp.integers(name);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    /** Spec {@code softmax(hidden=(64, 64), activation=tanh, zero_init=false)}. */
    final class Softmax extends Configured<Softmax> implements PolicyFactory {
        /** The descriptor. */
        public static final Descriptor<Softmax> SPEC = Descriptor.component("softmax", "policy", Softmax::new)
                .summary("a softmax over logits linear in the observation (hidden=()) or from an MLP")
                .reference("Sutton et al., NeurIPS 2000 (softmax policy parameterisation)")
                .param(Param.tuple("hidden", ParamType.INTS, List.of(64L, 64L), "hidden widths; () for linear")
                        .range(Range.closed(1, 1 << 16)))
                .param(Param.choice("activation", "tanh", List.of("tanh", "relu", "sigmoid", "gelu", "softplus"),
                        "the hidden activation"))
                .param(Param.flag("zero_init", false, "start the output layer at zero (the uniform policy)"))
                .build();

        /** From validated settings. */
        public Softmax(Hyperparams hp) {
            super(hp);
        }

        @Override
        public Policy build(int observationSize, ActionSpace space, RandomStream rng) {
            if (!space.isDiscrete()) {
                throw new IllegalArgumentException("softmax policy: needs discrete actions, the environment has "
                        + space + "; use gaussian(...)");
            }
            return new SoftmaxPolicy(network(observationSize, ints(hp, "hidden"), space.n(), hp.string("activation"),
                    true, hp.flag("zero_init"), rng), observationSize, space.n());
        }
    }

    /** Spec {@code gaussian(hidden=(64, 64), activation=tanh, learn_sigma=true, sigma=1.0, bias=true, zero_init=false)}. */
    final class Gaussian extends Configured<Gaussian> implements PolicyFactory {
        /** The descriptor. */
        public static final Descriptor<Gaussian> SPEC = Descriptor.component("gaussian", "policy", Gaussian::new)
                .summary("a diagonal Gaussian around a mean linear in the observation (hidden=()) or from an MLP")
                .reference("Williams 1992; Fatkhullin et al. 2023 (fixed sigma); Schulman et al. 2017 (learned log sigma)")
                .param(Param.tuple("hidden", ParamType.INTS, List.of(64L, 64L), "hidden widths; () for linear")
                        .range(Range.closed(1, 1 << 16)))
                .param(Param.choice("activation", "tanh", List.of("tanh", "relu", "sigmoid", "gelu", "softplus"),
                        "the hidden activation"))
                .param(Param.flag("learn_sigma", true, "learn a state-independent log sigma"))
                .param(Param.number("sigma", 1.0, "the fixed sigma, or the initial one when learned")
                        .range(Range.greaterThan(0)))
                .param(Param.flag("bias", true, "a bias in the mean (linear policies only may drop it)"))
                .param(Param.flag("zero_init", false, "start the mean's output layer at zero"))
                .build();

        /** From validated settings. */
        public Gaussian(Hyperparams hp) {
            super(hp);
        }

        @Override
        public Policy build(int observationSize, ActionSpace space, RandomStream rng) {
            if (space.isDiscrete()) {
                throw new IllegalArgumentException("gaussian policy: needs a box of actions, the environment has "
                        + space + "; use softmax(...)");
            }
            Module mean = network(observationSize, ints(hp, "hidden"), space.dim(), hp.string("activation"),
                    hp.flag("bias"), hp.flag("zero_init"), rng);
            return hp.flag("learn_sigma") ? GaussianPolicy.learned(mean, observationSize, space, Math.log(hp.number("sigma")))
                    : GaussianPolicy.fixed(mean, observationSize, space, hp.number("sigma"));
        }
    }
}
