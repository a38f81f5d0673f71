package dev.gradus.privacy;

import dev.gradus.data.PoissonSampler;
import dev.gradus.data.SamplerSpec;
import dev.gradus.data.ShuffleSampler;
import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.privacy.accounting.Accountant;
import dev.gradus.privacy.accounting.Conversion;
import dev.gradus.privacy.accounting.NoiseCalibration;
import dev.gradus.privacy.accounting.PrvAccountant;
import dev.gradus.privacy.accounting.RdpAccountant;
import java.util.List;

/**
 * {@code dp_sgd(noise_multiplier=-1, target_epsilon=0, delta=1e-5, max_grad_norm=1.0, sampling_rate=0, clipping=flat,
 * grad_sample_mode=ghost, conversion=improved, accountant=rdp, sampling=poisson, shuffle_accounting=none)}: DP-SGD as Opacus' {@code make_private} and
 * {@code make_private_with_epsilon} configure it (Abadi et al., CCS 2016).
 *
 * <ul>
 *   <li>Give {@code noise_multiplier} σ, or {@code target_epsilon} and σ is calibrated for the whole run as Opacus'
 *       {@code get_noise_multiplier} does ({@link NoiseCalibration}); with both, σ is fixed and the budget is
 *       enforced: training stops before the step that would exceed it.</li>
 *   <li>{@code sampling_rate} q defaults to batch size / dataset size; batches are Poisson samples at rate q, an epoch
 *       has {@code round(1/q)} of them, and the gradient sum is divided by the expected batch size {@code qN}.</li>
 *   <li>{@code clipping}: {@code flat} (one norm over all parameters), {@code per_layer} (C/√k per tensor) or
 *       {@code adaptive} (flat, with C following a quantile of the norms: {@link AdaptiveClipping}, Opacus'
 *       {@code AdaClipDPOptimizer}; {@code max_grad_norm} is the initial C). Its settings, with Opacus' names:
 *       {@code target_unclipped_quantile} γ (0.5), {@code clipbound_learning_rate} η_C (0.2),
 *       {@code min_clipbound} (0: none), {@code max_clipbound} (0: none), {@code unclipped_num_std} σ_b (-1: L/20,
 *       the paper's recommendation, L the expected batch size). The noise multiplier (given or calibrated) is the
 *       total σ of the run, accounted as for flat clipping; the gradient's own noise is raised to
 *       {@code (σ⁻² − (2σ_b)⁻²)^(−1/2)}, which needs σ_b &gt; σ/2.</li>
 *   <li>{@code grad_sample_mode}: {@code ghost} (ghost norms, one weighted product per layer) or
 *       {@code materialized} (every per-example gradient formed; the reference).</li>
 *   <li>{@code accountant}: {@code rdp} (over Opacus' orders with the given {@code conversion}) or {@code prv}
 *       ({@link PrvAccountant} with Opacus' error budget: tighter, so less noise for the same target).</li>
 *   <li>{@code sampling}: {@code poisson} (what the accounting assumes) or {@code shuffle}: fixed-size batches of a
 *       fresh permutation each epoch, the last partial batch dropped. Shuffling needs {@code shuffle_accounting}
 *       named explicitly: {@code no_amplification} (proven: one Gaussian at σ/2 per epoch, replace-one adjacency)
 *       or {@code as_poisson} (accounted as Poisson at q = B/N, the usual practice, not a proven bound). The
 *       assumption is in {@link DpSgdStep#describe} and {@code summary.json}. See {@link BatchSampling}.</li>
 * </ul>
 */
public final class DpSgd extends Configured<DpSgd> implements PrivacySpec {

    /** Spec: {@code dp_sgd(...)}. */
    public static final Descriptor<DpSgd> SPEC = Descriptor.component("dp_sgd", "privacy", DpSgd::new)
            .summary("DP-SGD: Poisson batches, per-example clipping, Gaussian noise, RDP or PRV accounting, budget enforced")
            .reference("Abadi et al., CCS 2016; opacus.PrivacyEngine.make_private(_with_epsilon)")
            .param(Param.number("noise_multiplier", -1.0, "sigma: noise std over max_grad_norm; -1: calibrate it"
                    + " from target_epsilon").range(Range.atLeast(-1)))
            .param(Param.number("target_epsilon", 0.0, "the privacy budget epsilon, enforced; 0: none")
                    .range(Range.atLeast(0)))
            .param(Param.number("delta", 1e-5, "delta of the (epsilon, delta) guarantee").range(Range.open(0, 1)))
            .param(Param.number("max_grad_norm", 1.0, "C: per-example gradient clipping norm").range(Range.greaterThan(0)))
            .param(Param.number("sampling_rate", 0.0, "q; 0: batch size / dataset size").range(Range.closed(0, 1)))
            .param(Param.choice("clipping", "flat", List.of("flat", "per_layer", "adaptive"),
                    "flat, per-layer or adaptive (quantile-following flat) clipping"))
            .param(Param.number("target_unclipped_quantile", 0.5, "adaptive: gamma, the fraction of examples left"
                    + " unclipped").range(Range.closed(0, 1)))
            .param(Param.number("clipbound_learning_rate", 0.2, "adaptive: eta_C of the geometric update of C")
                    .range(Range.greaterThan(0)))
            .param(Param.number("min_clipbound", 0.0, "adaptive: lower bound on C; 0: none").range(Range.atLeast(0)))
            .param(Param.number("max_clipbound", 0.0, "adaptive: upper bound on C; 0: none").range(Range.atLeast(0)))
            .param(Param.number("unclipped_num_std", -1.0, "adaptive: sigma_b, the noise std of the unclipped count;"
                    + " -1: expected batch size / 20").range(Range.atLeast(-1)))
            .param(Param.choice("grad_sample_mode", "ghost", List.of("ghost", "materialized"),
                    "ghost norms or materialised per-example gradients"))
            .param(Param.choice("conversion", "improved", List.of("improved", "classic"), "RDP to (epsilon, delta)"))
            .param(Param.choice("accountant", "rdp", List.of("rdp", "prv"), "rdp, or prv (tighter, slower)"))
            .param(Param.choice("sampling", "poisson", List.of("poisson", "shuffle"),
                    "poisson batches, or shuffled fixed-size batches (needs shuffle_accounting)"))
            .param(Param.choice("shuffle_accounting", "none", List.of("none", "no_amplification", "as_poisson"),
                    "how shuffled batches are accounted: no_amplification (proven) or as_poisson (an assumption)"))
            .build();

    private static final List<String> ADAPTIVE_PARAMS = List.of("target_unclipped_quantile",
            "clipbound_learning_rate", "min_clipbound", "max_clipbound", "unclipped_num_std");

    /** From validated settings; parse {@code dp_sgd(...)} with {@link PrivacySpec#PRIVACY}. */
    public DpSgd(Hyperparams hp) {
        super(hp);
        double sigma = hp.number("noise_multiplier");
        if (sigma < 0 && sigma != -1) {
            throw new IllegalArgumentException("dp_sgd: noise_multiplier " + sigma + " must be at least 0 (or -1 to"
                    + " calibrate it from target_epsilon)");
        }
        boolean shuffle = hp.string("sampling").equals("shuffle");
        if (shuffle && hp.string("shuffle_accounting").equals("none")) {
            throw new IllegalArgumentException("dp_sgd: sampling=shuffle needs shuffle_accounting named explicitly:"
                    + " no_amplification (a proven bound, one Gaussian release per epoch) or as_poisson (accounted as"
                    + " if Poisson-sampled, an assumption that is not a proven bound)");
        }
        if (!shuffle && !hp.string("shuffle_accounting").equals("none")) {
            throw new IllegalArgumentException("dp_sgd: shuffle_accounting=" + hp.string("shuffle_accounting")
                    + " applies only with sampling=shuffle");
        }
        if (hp.string("clipping").equals("adaptive")) {
            double min = hp.number("min_clipbound");
            double max = hp.number("max_clipbound");
            if (max > 0 && min >= max) {
                throw new IllegalArgumentException("dp_sgd: min_clipbound " + min + " must be below max_clipbound "
                        + max);
            }
            double std = hp.number("unclipped_num_std");
            if (std != -1 && !(std > 0)) {
                throw new IllegalArgumentException("dp_sgd: unclipped_num_std " + std + " must be positive (or -1 for"
                        + " the expected batch size / 20)");
            }
        } else {
            for (String name : ADAPTIVE_PARAMS) {
                if (hp.number(name) != Hyperparams.defaults(SPEC).number(name)) {
                    throw new IllegalArgumentException("dp_sgd: " + name + " applies only with clipping=adaptive");
                }
            }
        }
        if (sigma == -1 && hp.number("target_epsilon") == 0) {
            throw new IllegalArgumentException("dp_sgd: give noise_multiplier or target_epsilon (or both: a fixed"
                    + " noise with the budget enforced)");
        }
    }

    /** {@code dp_sgd(...)} parsed. */
    public static DpSgd parse(String spec) {
        PrivacySpec p = PRIVACY.parse(spec);
        if (!(p instanceof DpSgd d)) {
            throw new IllegalArgumentException("expected a dp_sgd(...) spec, got " + spec);
        }
        return d;
    }

    @Override
    public PrivatePlan plan(int datasetSize, int batchSize, int epochs) {
        if (datasetSize < 1) {
            throw new IllegalArgumentException("dp_sgd: the training set is empty");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("dp_sgd: epochs " + epochs + " must be at least 1");
        }
        double q = hp.number("sampling_rate") > 0 ? hp.number("sampling_rate") : (double) batchSize / datasetSize;
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("dp_sgd: sampling rate " + q + " (batch size " + batchSize + " of "
                    + datasetSize + " examples) is outside (0, 1]");
        }
        BatchSampling sampling = switch (hp.string("shuffle_accounting")) {
            case "no_amplification" -> BatchSampling.SHUFFLE_NO_AMPLIFICATION;
            case "as_poisson" -> BatchSampling.SHUFFLE_AS_POISSON;
            default -> BatchSampling.POISSON;
        };
        SamplerSpec sampler;
        long perEpoch;
        if (sampling == BatchSampling.POISSON) {
            sampler = PoissonSampler.of(q);
            perEpoch = Math.max(1, Math.round(1 / q));
        } else {
            int b = (int) Math.round(q * datasetSize);
            if (b < 1 || b > datasetSize) {
                throw new IllegalArgumentException("dp_sgd: sampling=shuffle with sampling rate " + q + " gives batches"
                        + " of " + b + " of " + datasetSize + " examples");
            }
            q = (double) b / datasetSize;
            sampler = ShuffleSampler.of(b, true);
            perEpoch = datasetSize / b;
        }
        long planned = perEpoch * epochs;
        double delta = hp.number("delta");
        Accountant accountant = hp.string("accountant").equals("prv") ? PrvAccountant.defaults()
                : RdpAccountant.opacus().conversion(Conversion.of(hp.string("conversion")));
        double target = hp.number("target_epsilon") > 0 ? hp.number("target_epsilon") : Double.POSITIVE_INFINITY;
        double sigma;
        if (hp.number("noise_multiplier") >= 0) {
            sigma = hp.number("noise_multiplier");
        } else if (sampling == BatchSampling.SHUFFLE_NO_AMPLIFICATION) {
            // one Gaussian release at sigma/2 per epoch: calibrate that mechanism (q = 1, one step per epoch)
            sigma = 2 * NoiseCalibration.noiseMultiplier(accountant, 1, epochs, target, delta);
        } else {
            sigma = NoiseCalibration.noiseMultiplier(accountant, q, planned, target, delta);
        }
        PrivateGradient g = new PrivateGradient(hp.number("max_grad_norm"), sigma, q * datasetSize,
                hp.string("clipping").equals("per_layer") ? Clipping.PER_LAYER : Clipping.FLAT,
                hp.string("grad_sample_mode").equals("ghost") ? GradSampleMode.GHOST : GradSampleMode.MATERIALIZED);
        AdaptiveClipping adaptive = null;
        if (hp.string("clipping").equals("adaptive")) {
            double max = hp.number("max_clipbound") > 0 ? hp.number("max_clipbound") : Double.POSITIVE_INFINITY;
            double std = hp.number("unclipped_num_std") > 0 ? hp.number("unclipped_num_std") : q * datasetSize / 20;
            adaptive = new AdaptiveClipping(hp.number("target_unclipped_quantile"),
                    hp.number("clipbound_learning_rate"), hp.number("min_clipbound"), max, std);
        }
        DpSgdStep step = new DpSgdStep(g, q, delta, target, accountant, sampling, adaptive);
        return new PrivatePlan(step, sampler, sigma, q, delta, planned);
    }
}
