package dev.gradus.zeroth.es;

import dev.gradus.optim.GradientTransformation;
import dev.gradus.optim.OptState;
import dev.gradus.optim.Optimizers;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.zeroth.AskTell;
import dev.gradus.zeroth.Box;
import dev.gradus.zeroth.Progress;
import dev.gradus.zeroth.Ranks;
import dev.gradus.zeroth.SearchState;
import dev.gradus.zeroth.ZigguratNormal;
import java.util.List;

/**
 * OpenAI-ES (Salimans, Ho, Chen, Sidor, Sutskever, "Evolution Strategies as a Scalable Alternative to Reinforcement
 * Learning", 2017) behind ask/tell:
 * <pre>
 *   ask:   ε_p ~ N(0, I), p = 1..P;   candidates θ + σ ε_p and θ − σ ε_p      (N = 2P)
 *   tell:  u_i = rank_i/(N − 1) − ½   (rank 0 = the largest value)
 *          ĝ = −(1/(N σ)) Σ_i u_i ε_i                                       (an estimate of ∇f at θ)
 *          θ ← θ + optimizer.update(ĝ)                                      (Adam in the paper)
 * </pre>
 * The same estimate as the {@code es_gradient} transformation, for problems evaluated outside a training loop. The
 * paper's settings (σ ≈ 0.02, Adam lr 0.01, L2 0.005, virtual batch norm) are unconfirmed here; defaults
 * {@code pairs=25, sigma=0.1, lr=0.05, optimizer="adam", weight_decay=0} suit the test functions. The state holds θ,
 * the optimizer's state, this generation's noise and the random stream; θ starts at the box centre.
 */
public final class OpenAiEs extends Configured<OpenAiEs> implements AskTell<OpenAiEs.State> {

    /** Spec: {@code openai_es(pairs=25, sigma=0.1, lr=0.05, optimizer="adam", weight_decay=0)}. */
    public static final Descriptor<OpenAiEs> SPEC = Descriptor.component("openai_es", "dfo", OpenAiEs::new)
            .summary("OpenAI-ES: antithetic Gaussian perturbations, centred ranks, Adam or SGD on the estimate")
            .reference("Salimans et al. 2017")
            .param(Param.integer("pairs", 25L, "antithetic pairs P (2P evaluations per generation)")
                    .range(Range.atLeast(1)))
            .param(Param.number("sigma", 0.1, "perturbation scale").range(Range.greaterThan(0)))
            .param(Param.number("lr", 0.05, "learning rate of the step on θ").range(Range.greaterThan(0)))
            .param(Param.choice("optimizer", "adam", List.of("adam", "sgd"), "the step on θ"))
            .param(Param.number("weight_decay", 0.0, "L2 coefficient added to the estimate").range(Range.atLeast(0)))
            .build();

    /**
     * OpenAI-ES's state.
     *
     * @param theta the centre θ, as the parameter {@code theta} [d]
     * @param optimizer the state of the step on θ
     * @param noise this generation's ε_p [P, d]
     * @param candidates the asked points [2P, d], rows 2p and 2p + 1 being θ ± σ ε_p
     * @param random the noise stream
     * @param progress evaluations and the best candidate
     */
    public record State(TensorMap theta, OptState optimizer, Tensor noise, Tensor candidates, RandomStream random,
            Progress progress) implements SearchState {}

    private final int pairs;
    private final double sigma;
    private final double weightDecay;
    private final GradientTransformation step;

    /** From validated settings; use {@code Methods.parse("openai_es(pairs=25)")}. */
    public OpenAiEs(Hyperparams hp) {
        super(hp);
        this.pairs = Math.toIntExact(hp.integer("pairs"));
        this.sigma = hp.number("sigma");
        this.weightDecay = hp.number("weight_decay");
        double lr = hp.number("lr");
        this.step = hp.string("optimizer").equals("adam") ? Optimizers.adam().lr(lr) : Optimizers.sgd().lr(lr);
    }

    /** The current centre θ. */
    public static double[] centre(State s) {
        return s.theta().get("theta").data();
    }

    @Override
    public State init(Box box, int objectives, long seed) {
        AskTell.checkObjectives("openai_es", objectives, 1);
        int d = box.dimension();
        TensorMap theta = TensorMap.of("theta", Tensor.vector(box.centre()));
        State s = new State(theta, step.init(theta), Tensor.zeros(pairs, d), Tensor.zeros(2 * pairs, d),
                RandomStream.of(seed), Progress.start(d));
        sample(s);
        return s;
    }

    @Override
    public Tensor ask(State s) {
        s.progress().asked();
        return s.candidates().copy();
    }

    @Override
    public void tell(State s, Tensor values) {
        AskTell.checkTold("openai_es", s.progress(), values, 2 * pairs, 1);
        s.progress().told(s.candidates(), values);
        int d = s.noise().dim(1);
        int n = 2 * pairs;
        double[] u = new double[n];
        Ranks.centred(values.data(), n, u);
        double[] eps = s.noise().data();
        double[] theta = centre(s);
        TensorMap grad = s.theta().zerosLike();
        double[] g = grad.get("theta").data();
        double scale = -1.0 / (n * sigma);
        for (int p = 0; p < pairs; p++) {
            double c = scale * (u[2 * p] - u[2 * p + 1]);
            for (int j = 0; j < d; j++) {
                g[j] += c * eps[p * d + j];
            }
        }
        for (int j = 0; j < d; j++) {
            g[j] += weightDecay * theta[j];
        }
        step.step(s.theta(), grad, s.optimizer());
        sample(s);
    }

    private void sample(State s) {
        int d = s.noise().dim(1);
        double[] eps = s.noise().data();
        double[] x = s.candidates().data();
        double[] theta = centre(s);
        ZigguratNormal.fill(s.random(), eps);
        for (int p = 0; p < pairs; p++) {
            for (int j = 0; j < d; j++) {
                double e = sigma * eps[p * d + j];
                x[(2 * p) * d + j] = theta[j] + e;
                x[(2 * p + 1) * d + j] = theta[j] - e;
            }
        }
        s.noise().markModified();
        s.candidates().markModified();
    }
}
