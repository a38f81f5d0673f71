package dev.gradus.rl.method;

import dev.gradus.optim.Capability;
import dev.gradus.optim.Counter;
import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Requirement;
import dev.gradus.optim.StepContext;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.rl.Learner;
import dev.gradus.rl.RlAlgorithm;
import dev.gradus.rl.env.EnvFactory;
import dev.gradus.rl.env.EnvState;
import dev.gradus.rl.env.Environment;
import dev.gradus.rl.env.VectorEnv;
import dev.gradus.rl.estimator.Estimator;
import dev.gradus.rl.estimator.HessianEstimator;
import dev.gradus.rl.estimator.Trajectory;
import dev.gradus.rl.policy.Policy;
import dev.gradus.rl.policy.PolicyFactory;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import dev.gradus.tensor.Trees;
import java.util.EnumSet;
import java.util.List;

/**
 * Policy-gradient ascent with any gradient transformation, driven through the step context: the policy's loss is
 * L(θ) = −J(θ), and each step's context offers, at any point θ', the sampled surrogate of the policy gradient:
 * <ul>
 *   <li>{@code ctx.gradientAt(θ', g)}: samples {@code trajectories} fresh episodes from π_θ' and returns
 *       −mean(Σ γ^t r_t) with g = −mean g(τ, θ') (REINFORCE or GPOMDP, {@link Estimator});</li>
 *   <li>{@code ctx.hvp(θ', v, out)}: samples fresh episodes from π_θ' and writes −mean B(τ, θ')·v
 *       ({@link HessianEstimator});</li>
 *   <li>{@code ctx.random()}: a stream that is a pure function of the seed and the iteration.</li>
 * </ul>
 * So N-PG-IGT ({@code n_pg_igt}: the gradient at its extrapolated point) and (N-)HARPG ({@code n_harpg}: the HVP at a
 * random point of the segment) run as ordinary optimizers, and so do {@code sgd}, {@code adam} (vanilla PG) and
 * {@code chain(normalize_by_update_norm(), sgd(...))} (normalized PG). With {@code incoming_gradient=true} (the
 * default) each step first samples episodes at θ_t for the gradient passed to the optimizer; N-PG-IGT does not use
 * it, so run it with {@code incoming_gradient=false} for one trajectory per iteration.
 *
 * <p>Spec {@code pg(optimizer, estimator=gpomdp, trajectories=1, gamma=0.99, horizon=0, incoming_gradient=true)};
 * {@code horizon=0} plays each episode to the environment's time limit.
 */
public final class PolicyGradient extends Configured<PolicyGradient> implements RlAlgorithm {

    /** The descriptor. */
    public static final Descriptor<PolicyGradient> SPEC = Descriptor.component("pg", "rl_algorithm", PolicyGradient::new)
            .summary("policy-gradient ascent with any optimizer; the step context samples gradients and HVPs anywhere")
            .reference("Williams 1992 (REINFORCE); Baxter & Bartlett 2001 (GPOMDP); Fatkhullin et al., ICML 2023")
            .param(Param.transform("optimizer", "the optimizer of the loss -J (sgd, adam, n_pg_igt, n_harpg, ...)"))
            .param(Param.choice("estimator", "gpomdp", List.of("gpomdp", "reinforce"), "the gradient estimator"))
            .param(Param.integer("trajectories", 1L, "episodes per gradient or HVP sample").range(Range.atLeast(1)))
            .param(Param.number("gamma", 0.99, "discount").range(Range.closed(0, 1)))
            .param(Param.integer("horizon", 0L, "steps per episode (0: the environment's limit)").range(Range.atLeast(0)))
            .param(Param.flag("incoming_gradient", true, "sample the gradient at theta_t for the optimizer's input"))
            .build();

    /** From validated settings. */
    public PolicyGradient(Hyperparams hp) {
        super(hp);
    }

    /**
     * Policy gradient with {@code optimizer} (any transformation, such as one whose step size is a Java
     * {@link dev.gradus.optim.Schedule} lambda) and the defaults; change the others with {@link #with}, such as
     * {@code PolicyGradient.of(opt).with("incoming_gradient", false)}.
     */
    public static PolicyGradient of(GradientTransformation optimizer) {
        return (PolicyGradient) SPEC.defaults().with("optimizer", optimizer).create();
    }

    /** What the step context offers. */
    public static final EnumSet<Capability> OFFERS = EnumSet.of(Capability.LOSS, Capability.GRADIENT, Capability.HVP,
            Capability.RANDOM);

    @Override
    public Run learner(EnvFactory env, PolicyFactory policy, long seed, long totalSteps) {
        return new Run(this, env.create(), policy, seed);
    }

    /**
     * The state of a run.
     *
     * @param iteration the optimizer steps done
     * @param envSteps environment steps taken
     * @param trajectories episodes sampled
     * @param policy the policy's parameters
     * @param optimizer the optimizer's state
     * @param env the environment (with its stream)
     * @param actions the stream actions are drawn from
     */
    public record State(Counter iteration, Counter envSteps, Counter trajectories, TensorMap policy, OptState optimizer,
            EnvState env, RandomStream actions) implements OptState {}

    /** A running policy-gradient method. */
    public static final class Run extends Learner {
        private final GradientTransformation optimizer;
        private final Estimator estimator;
        private final int trajectories;
        private final double gamma;
        private final int horizon;
        private final boolean incoming;
        private final Environment env;
        private final Policy policy;
        private final OptState optState;
        private final RandomStream actions;
        private final RandomStream stepRoot;
        private final Counter iteration = new Counter();
        private final Counter envSteps = new Counter();
        private final Counter sampled = new Counter();

        Run(PolicyGradient spec, Environment env, PolicyFactory policyFactory, long seed) {
            this.optimizer = spec.hp.transform("optimizer");
            this.estimator = Estimator.of(spec.hp.string("estimator"));
            this.trajectories = Math.toIntExact(spec.hp.integer("trajectories"));
            this.gamma = spec.hp.number("gamma");
            long h = spec.hp.integer("horizon");
            this.horizon = h == 0 ? env.maxEpisodeSteps() : Math.toIntExact(h);
            this.incoming = spec.hp.flag("incoming_gradient");
            this.env = env;
            RandomStream root = RandomStream.of(seed);
            PolicyFactory pf = policyFactory != null ? policyFactory : PolicyFactory.defaultFor(env.actionSpace());
            this.policy = pf.build(env.observationSize(), env.actionSpace(), root.fork("policy"));
            Requirement.check(optimizer, OFFERS, "pg (policy-gradient RL)");
            this.optState = optimizer.init(policy.parameters());
            this.actions = root.fork("actions");
            this.stepRoot = root.fork("optimizer");
            env.reset(seed);
        }

        @Override
        public Policy policy() {
            return policy;
        }

        /** The episodes sampled so far (for plots against the number of trajectories). */
        public long trajectoriesSampled() {
            return sampled.get();
        }

        private Trajectory play(TensorMap at) {
            Trajectory t = Trajectory.sample(env, policy, at, actions, horizon);
            envSteps.set(envSteps.get() + t.length());
            sampled.increment();
            episode(new VectorEnv.Episode(0, t.undiscountedReturn(), t.length(), t.terminated()));
            return t;
        }

        /** −mean discounted return, gradient −mean g, from fresh episodes at {@code at}. */
        private double lossAndGradient(TensorMap at, TensorMap grad) {
            TensorMap sum = at.zerosLike();
            double ret = 0;
            for (int i = 0; i < trajectories; i++) {
                Trajectory t = play(at);
                ret += t.discountedReturn(gamma);
                Trees.axpy(1.0, estimator.gradient(policy, at, t, gamma), sum);
            }
            Trees.scaleInto(-1.0 / trajectories, sum, grad);
            return -ret / trajectories;
        }

        private void hvp(TensorMap at, TensorMap v, TensorMap out) {
            TensorMap sum = at.zerosLike();
            for (int i = 0; i < trajectories; i++) {
                Trees.axpy(1.0, HessianEstimator.apply(policy, at, play(at), v, gamma), sum);
            }
            Trees.scaleInto(-1.0 / trajectories, sum, out);
        }

        @Override
        public void iterate() {
            TensorMap params = policy.parameters();
            TensorMap grads = params.zerosLike();
            double loss = incoming ? lossAndGradient(params.copy(), grads) : Double.NaN;
            StepContext ctx = StepContext.builder().loss(loss).objective(this::lossAndGradient).hvp(this::hvp)
                    .random(stepRoot.fork("iteration " + iteration.get())).build();
            optimizer.step(params, grads, optState, ctx);
            iteration.increment();
            metric("loss", loss);
            metric("trajectories", sampled.get());
        }

        @Override
        public long envSteps() {
            return envSteps.get();
        }

        @Override
        public long iterations() {
            return iteration.get();
        }

        @Override
        protected OptState live() {
            return new State(iteration, envSteps, sampled, policy.parameters(), optState, env.state(), actions);
        }

        @Override
        protected void applyEnvironments(OptState live) {
            env.restore(((State) live).env());
        }
    }
}
