package dev.gradus.privacy;

import dev.gradus.nn.PerSampleBatch;
import dev.gradus.nn.PerSampleGradients;
import dev.gradus.optim.Capability;
import dev.gradus.optim.MutableScalar;
import dev.gradus.optim.OptState;
import dev.gradus.optim.StepContext;
import dev.gradus.privacy.accounting.Accountant;
import dev.gradus.privacy.accounting.PrivacyBound;
import dev.gradus.privacy.accounting.PrivacyLedger;
import dev.gradus.privacy.accounting.RdpAccountant;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * DP-SGD as a {@link TrainStep}, like Opacus' {@code PrivacyEngine}: per batch (a Poisson sample, from the sampler
 * of {@link PrivatePlan}), the per-example gradients of one forward and one backward pass
 * ({@link PerSampleGradients}), then {@link PrivateGradient#privatize}, then the base optimizer with that gradient
 * alone. The base optimizer's context offers only the step's random stream: the batch's loss at other points, its
 * HVPs and its per-example gradients are not private, so an optimizer that asks for them is refused when the
 * trainer is built.
 *
 * <p><b>State.</b> The {@link PrivacyLedger} (every step's sampling rate and noise multiplier) is this step's
 * state, so it is in each checkpoint; the noise of step t comes from the trainer's stream for {@code "dp-noise"} at
 * t. A resumed run therefore draws the same noise and reports the same ε as an uninterrupted one.
 *
 * <p><b>Budget.</b> With a target ε, {@link #stopBefore} refuses the step whose accounting would exceed it, and the
 * trainer stops, says why and saves. The epoch metrics carry {@code epsilon}, the ε spent so far. With the RDP
 * accountant every step is checked (a sum over phases); with another accountant (PRV, about a second per
 * evaluation) the step finds once, by doubling and bisection on the steps still to come, how many more steps the
 * budget allows, and checks again only when the ledger changes otherwise (ε grows with the number of steps, so the
 * stop falls on the same step either way).
 *
 * <p><b>Adaptive clipping.</b> With an {@link AdaptiveClipping}, the clip bound C is step state (a
 * {@link MutableScalar} in {@link AdaptiveState}, so in every checkpoint), starting at the gradient's
 * {@code maxGradNorm}. Each step clips flat at the current C, adds gradient noise σ_grad·C with σ_grad from
 * {@link AdaptiveClipping#gradientNoiseMultiplier} (Theorem 1 of Andrew et al.), then moves C by the noisy unclipped
 * fraction, the count's noise from the stream for {@code "dp-clip-noise"} at t. The ledger records the stated σ, so
 * the accountant's events and ε are those of flat DP-SGD at σ. The epoch metrics add {@code max_grad_norm}, the
 * current C.
 *
 * <p><b>Sampling.</b> {@link BatchSampling} says which event the ledger's steps are accounted as: Poisson-sampled
 * steps, or shuffled fixed-size batches under a named assumption.
 */
public final class DpSgdStep implements TrainStep {
    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(EnumSet.of(Capability.RANDOM));

    private final PrivateGradient gradient;
    private final double samplingRate;
    private final double delta;
    private final double targetEpsilon;
    private final Accountant accountant;
    private final BatchSampling sampling;
    private final AdaptiveClipping adaptive;
    private final double gradientSigma;
    // the lookahead of an expensive accountant: the ledger it was computed for and the step count it allows
    private PrivacyLedger safeBase;
    private long safeUntil;

    /**
     * DP-SGD with {@code gradient}'s clipping and noise at sampling rate {@code samplingRate}, accounted at
     * {@code delta}, stopping before ε would exceed {@code targetEpsilon} (infinite: never).
     */
    public DpSgdStep(PrivateGradient gradient, double samplingRate, double delta, double targetEpsilon,
                     RdpAccountant accountant) {
        this(gradient, samplingRate, delta, targetEpsilon, accountant, BatchSampling.POISSON);
    }

    /**
     * DP-SGD as above with any {@code accountant} and batches drawn as {@code sampling} says, which decides the event
     * the accountant is given.
     */
    public DpSgdStep(PrivateGradient gradient, double samplingRate, double delta, double targetEpsilon,
                     Accountant accountant, BatchSampling sampling) {
        this(gradient, samplingRate, delta, targetEpsilon, accountant, sampling, null);
    }

    /**
     * DP-SGD as above with the clip bound adapted by {@code adaptive} (null: fixed): {@code gradient}'s
     * {@code maxGradNorm} is the initial bound and its {@code noiseMultiplier} the total σ the run is accounted at.
     *
     * @throws IllegalArgumentException when adaptive clipping is combined with per-layer clipping, or σ_b ≤ σ/2
     */
    public DpSgdStep(PrivateGradient gradient, double samplingRate, double delta, double targetEpsilon,
                     Accountant accountant, BatchSampling sampling, AdaptiveClipping adaptive) {
        if (adaptive != null && gradient.clipping() != Clipping.FLAT) {
            throw new IllegalArgumentException("DP-SGD: adaptive clipping adapts one flat bound; it cannot be"
                    + " combined with per-layer clipping");
        }
        this.adaptive = adaptive;
        this.gradientSigma = adaptive == null ? gradient.noiseMultiplier()
                : adaptive.gradientNoiseMultiplier(gradient.noiseMultiplier());
        this.gradient = Objects.requireNonNull(gradient, "gradient");
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new IllegalArgumentException("DP-SGD: sampling rate " + samplingRate + " is outside (0, 1]");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("DP-SGD: delta " + delta + " is outside (0, 1)");
        }
        if (!(targetEpsilon > 0)) {
            throw new IllegalArgumentException("DP-SGD: target epsilon " + targetEpsilon + " must be positive");
        }
        this.samplingRate = samplingRate;
        this.delta = delta;
        this.targetEpsilon = targetEpsilon;
        this.accountant = Objects.requireNonNull(accountant, "accountant");
        this.sampling = Objects.requireNonNull(sampling, "sampling");
    }

    /** How the batches are drawn and accounted. */
    public BatchSampling sampling() {
        return sampling;
    }

    /** This step's state: the privacy ledger. */
    public record State(PrivacyLedger ledger) implements OptState {}

    /** This step's state under adaptive clipping: the privacy ledger and the current clip bound C. */
    public record AdaptiveState(PrivacyLedger ledger, MutableScalar clipBound) implements OptState {}

    /** The adaptive clipping settings, or null for a fixed bound. */
    public AdaptiveClipping adaptive() {
        return adaptive;
    }

    /** The gradient's own noise multiplier: σ, or σ_grad under adaptive clipping. */
    public double gradientNoiseMultiplier() {
        return gradientSigma;
    }

    private static PrivacyLedger ledger(OptState state) {
        return state instanceof AdaptiveState a ? a.ledger() : ((State) state).ledger();
    }

    /** The privatised gradient's settings. */
    public PrivateGradient gradient() {
        return gradient;
    }

    /** The δ of the guarantee. */
    public double delta() {
        return delta;
    }

    /** The sampling rate q. */
    public double samplingRate() {
        return samplingRate;
    }

    /** The ε spent by the steps in {@code state}'s ledger, at this step's δ. */
    public PrivacyBound spent(OptState state) {
        return accountant.epsilon(sampling.event(ledger(state).event()), delta);
    }

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public OptState init(TensorMap params) {
        if (adaptive != null) {
            return new AdaptiveState(new PrivacyLedger(), new MutableScalar(gradient.maxGradNorm()));
        }
        return new State(new PrivacyLedger());
    }

    @Override
    public String stopBefore(OptState state, long step) {
        if (Double.isInfinite(targetEpsilon)) {
            return null;
        }
        PrivacyLedger ledger = ledger(state);
        if (!(accountant instanceof RdpAccountant)
                && safeBase != null && ledger.steps() + 1 <= safeUntil && extends_(ledger, safeBase)) {
            return null;
        }
        double eps = epsilonAfter(ledger, 1);
        if (!(accountant instanceof RdpAccountant)) {
            if (eps <= targetEpsilon) {
                long ok = 1;
                long bad = 2;
                while (bad < (1L << 40) && epsilonAfter(ledger, bad) <= targetEpsilon) {
                    ok = bad;
                    bad *= 2;
                }
                while (bad - ok > 1) {
                    long mid = ok + (bad - ok) / 2;
                    if (epsilonAfter(ledger, mid) <= targetEpsilon) {
                        ok = mid;
                    } else {
                        bad = mid;
                    }
                }
                safeBase = ledger.copy();
                safeUntil = ledger.steps() + ok;
                return null;
            }
        }
        if (eps <= targetEpsilon) {
            return null;
        }
        return String.format(Locale.ROOT, "privacy budget: step %d would bring epsilon to %.4f, above the target %s"
                + " at delta %s (%d steps taken, epsilon %.4f)", step, eps, targetEpsilon, delta, ledger.steps(),
                accountant.epsilon(sampling.event(ledger.event()), delta).epsilon());
    }

    private double epsilonAfter(PrivacyLedger ledger, long more) {
        return accountant.epsilon(sampling.event(ledger.eventWith(samplingRate, gradient.noiseMultiplier(), more)),
                delta).epsilon();
    }

    /** Whether {@code ledger} is {@code base} plus steps at this step's settings only. */
    private boolean extends_(PrivacyLedger ledger, PrivacyLedger base) {
        long more = ledger.steps() - base.steps();
        if (more < 0) {
            return false;
        }
        if (more == 0) {
            return ledger.event().equals(base.event());
        }
        return ledger.event().equals(base.eventWith(samplingRate, gradient.noiseMultiplier(), more));
    }

    @Override
    public StepOutcome run(StepInput in) {
        int b = in.batch().size();
        TensorMap params = in.params();
        PerSampleBatch ps = null;
        if (b > 0) {
            ps = PerSampleGradients.of(in.model(), in.loss()).compute(in.input(), in.batch().y());
        }
        PrivateGradient step = gradient;
        MutableScalar clip = null;
        if (adaptive != null) {
            clip = ((AdaptiveState) in.state()).clipBound();
            step = new PrivateGradient(clip.get(), gradientSigma, gradient.expectedBatchSize(), Clipping.FLAT,
                    gradient.mode());
        }
        TensorMap g = ps == null ? step.privatize(new EmptyBatch(params), params, in.random("dp-noise"))
                : step.privatize(ps, params, in.random("dp-noise"));
        if (clip != null) {
            double[] norms = ps == null ? new double[0] : ps.norms();
            clip.set(adaptive.next(clip.get(), norms, gradient.expectedBatchSize(), in.random("dp-clip-noise")));
        }
        in.checkGradients(g);
        double loss = 0;
        Tensor output = null;
        if (ps != null) {
            double[] losses = ps.losses().data();
            for (double l : losses) {
                loss += l;
            }
            loss /= b;
            in.checkLoss(loss);
            output = ps.output();
        }
        StepContext ctx = StepContext.builder().loss(loss).random(in.random("optimizer")).build();
        in.optimizer().step(params, g, in.optimizerState(), ctx);
        ledger(in.state()).record(samplingRate, gradient.noiseMultiplier());
        return new StepOutcome(loss, output, b);
    }

    @Override
    public Map<String, Double> metrics(OptState state) {
        if (state instanceof AdaptiveState a) {
            return Map.of("epsilon", spent(state).epsilon(), "max_grad_norm", a.clipBound().get());
        }
        return Map.of("epsilon", spent(state).epsilon());
    }

    @Override
    public String describe() {
        return "dp_sgd(noise_multiplier=" + gradient.noiseMultiplier() + ", max_grad_norm=" + gradient.maxGradNorm()
                + ", sampling_rate=" + samplingRate + ", expected_batch_size=" + gradient.expectedBatchSize()
                + ", delta=" + delta + ", target_epsilon=" + targetEpsilon + ", clipping="
                + (adaptive == null ? gradient.clipping().name().toLowerCase(Locale.ROOT)
                        : "adaptive, " + adaptive.describe() + ", gradient_noise_multiplier=" + gradientSigma)
                + ", grad_sample_mode="
                + gradient.mode().name().toLowerCase(Locale.ROOT) + ", accountant=" + accountant.describe()
                + ", sampling=" + sampling.name().toLowerCase(Locale.ROOT) + ")";
    }

    /** The per-example view of an empty Poisson batch: no examples. */
    private record EmptyBatch(TensorMap params) implements dev.gradus.optim.PerSample {
        @Override
        public int size() {
            return 0;
        }

        @Override
        public dev.gradus.tensor.Tensor losses() {
            return dev.gradus.tensor.Tensor.zeros(0);
        }

        @Override
        public TensorMap gradients() {
            throw new IllegalStateException("an empty batch has no per-example gradients");
        }

        @Override
        public Map<String, double[]> parameterNorms() {
            return Map.of();
        }

        @Override
        public double[] norms() {
            return new double[0];
        }

        @Override
        public TensorMap weightedSum(double[] weights) {
            return params.zerosLike();
        }
    }
}
