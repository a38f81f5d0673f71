package dev.gradus.train.local;

import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.Capability;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Layer-local training by fixed random target projection, a {@link TrainStep} for a classifier built as a
 * {@link Sequential} of blocks {@code Linear [-> activation]} (such as {@link dev.gradus.nn.Mlp}'s): no error
 * crosses a layer boundary. For hidden block {@code l} with input {@code h_{l-1}} (held constant), pre-activation
 * {@code z_l}, output {@code h_l = g(z_l)} and the batch's one-hot labels {@code Y [b, K]}:
 * <pre>
 *   P_l = Y B_l                       B_l [K, H_l] fixed, entries N(0, scale^2), drawn once from the seed
 *   tpSGD:  L_l = (1/b) sum_i ½ ||h_l,i - g(P_l,i)||^2
 *   DRTP:   L_l = -(1/b) sum_i h_l,i . P_l,i        (so dL_l/dz_l = -P_l ⊙ g'(z_l) / b)
 *   output: L_out = loss(W_out h_{L-1} + b_out, y)  (the true loss; h_{L-1} constant)
 * </pre>
 * and one optimizer step on the gradients of {@code L_out + sum_l L_l}: each layer's gradient is its own local
 * gradient, all layers update in the same pass ("Learning with Local Gradients at the Edge", 2022, arXiv:2208.08503,
 * for tpSGD; {@link LocalRule#DRTP} for the baseline). The reported loss and output are the true ones of the
 * network's forward pass.
 *
 * <p>{@code B_l} is a pure function of the step's seed and the layer's index ({@code Tensor.randn} from
 * {@code RandomStream.of(seed).fork("layer-" + l)}, times the scale), so a checkpoint needs nothing beyond the seed
 * (which {@link #describe()} records). Default scale 1: for one-hot {@code Y}, {@code P_l}'s rows are
 * rows of {@code B_l}, unit-variance targets. The model's blocks are checked on the first step: after each Linear
 * at most one module without parameters (the activation, used for {@code g} and applied to the projection too).
 *
 * <pre>{@code
 * Trainer.builder().model(Mlp.builder(64).hidden(256, 256).outputs(10).build(rng))
 *         .loss(new CrossEntropyLoss()).optimizer(Optimizers.sgd().lr(0.05))
 *         .step(TargetProjectionStep.tpSgd(7)).data(train, test).epochs(20).batchSize(32).build().fit();
 * }</pre>
 */
public final class TargetProjectionStep implements TrainStep {

    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(EnumSet.of(Capability.GRADIENT,
            Capability.RANDOM));

    private final LocalRule rule;
    private final long seed;
    private final double scale;
    private List<Block> blocks;
    private Module plannedFor;

    private record Block(Linear linear, Module activation, Tensor projection) {}

    private TargetProjectionStep(LocalRule rule, long seed, double scale) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("TargetProjectionStep: scale must be positive and finite, got "
                    + scale);
        }
        this.rule = rule;
        this.seed = seed;
        this.scale = scale;
    }

    /** tpSGD with projections drawn from {@code seed}, scale 1. */
    public static TargetProjectionStep tpSgd(long seed) {
        return new TargetProjectionStep(LocalRule.TARGET_PROJECTION, seed, 1.0);
    }

    /** DRTP with projections drawn from {@code seed}, scale 1. */
    public static TargetProjectionStep drtp(long seed) {
        return new TargetProjectionStep(LocalRule.DRTP, seed, 1.0);
    }

    /** The given rule, seed and standard deviation of the projection entries. */
    public static TargetProjectionStep of(LocalRule rule, long seed, double scale) {
        if (rule == null) {
            throw new IllegalArgumentException("TargetProjectionStep: rule must not be null");
        }
        return new TargetProjectionStep(rule, seed, scale);
    }

    /** The rule of the hidden layers. */
    public LocalRule rule() {
        return rule;
    }

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public StepOutcome run(StepInput in) {
        List<Block> plan = plan(in.model(), in.batch().oneHot().shape()[1]);
        int b = in.batch().size();
        if (b == 0) {
            in.optimizer().step(in.params(), in.params().zerosLike(), in.optimizerState(), in.context(0.0).build());
            return new StepOutcome(0.0, null, 0);
        }
        Tensor y = in.batch().oneHot();
        Var h = Var.constant(in.input());
        Var total = null;
        for (int l = 0; l < plan.size() - 1; l++) {
            Block blk = plan.get(l);
            Var z = blk.linear.forward(h.detach());
            Var out = blk.activation == null ? z : blk.activation.forward(z);
            Tensor p = y.matmul(blk.projection);
            Var local;
            if (rule == LocalRule.TARGET_PROJECTION) {
                Tensor target = blk.activation == null ? p : blk.activation.forward(Var.constant(p)).value();
                // Losses.mse is the mean over b * H elements; ½ sum over units, mean over the batch, is H/2 of it.
                local = Losses.mse(out, target).mul(0.5 * blk.linear.outFeatures());
            } else {
                local = out.mul(Var.constant(p)).sum().mul(-1.0 / b);
            }
            total = total == null ? local : total.add(local);
            h = out;
        }
        Block last = plan.get(plan.size() - 1);
        Var logits = last.linear.forward(h.detach());
        Var loss = in.loss().apply(logits, in.batch().y());
        double lv = loss.item();
        in.checkLoss(lv);
        total = total == null ? loss : total.add(loss);
        TensorMap grads = in.model().gradients(total);
        in.checkGradients(grads);
        in.optimizer().step(in.params(), grads, in.optimizerState(), in.context(lv).build());
        return new StepOutcome(lv, logits.value(), b);
    }

    /** The model's blocks and their projections, checked and drawn on the first step. */
    private List<Block> plan(Module model, int classes) {
        if (blocks != null && plannedFor == model) {
            return blocks;
        }
        if (!(model instanceof Sequential seq)) {
            throw new IllegalArgumentException("TargetProjectionStep: the model must be a Sequential of "
                    + "Linear [-> activation] blocks, got " + model.getClass().getSimpleName());
        }
        List<Block> out = new ArrayList<>();
        List<Module> layers = seq.layers();
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Linear linear)) {
                throw new IllegalArgumentException("TargetProjectionStep: layer " + i + " ("
                        + layers.get(i).getClass().getSimpleName() + ") must be a Linear starting a block");
            }
            Module act = null;
            if (i + 1 < layers.size() && !(layers.get(i + 1) instanceof Linear)) {
                act = layers.get(++i);
                if (!act.localParameters().isEmpty() || !act.children().isEmpty()) {
                    throw new IllegalArgumentException("TargetProjectionStep: layer " + i + " ("
                            + act.getClass().getSimpleName() + ") after a Linear must be a parameter-free activation");
                }
            }
            out.add(new Block(linear, act, null));
        }
        Block lastBlock = out.get(out.size() - 1);
        if (lastBlock.activation != null) {
            throw new IllegalArgumentException("TargetProjectionStep: the model must end in a Linear (logits), "
                    + "not " + lastBlock.activation.getClass().getSimpleName());
        }
        if (lastBlock.linear.outFeatures() != classes) {
            throw new IllegalArgumentException("TargetProjectionStep: the output layer has "
                    + lastBlock.linear.outFeatures() + " features but the data set has " + classes + " classes");
        }
        RandomStream rng = RandomStream.of(seed);
        for (int l = 0; l < out.size() - 1; l++) {
            Block blk = out.get(l);
            Tensor proj = Tensor.randn(rng.fork("layer-" + l), classes, blk.linear.outFeatures()).mul(scale);
            out.set(l, new Block(blk.linear, blk.activation, proj));
        }
        blocks = List.copyOf(out);
        plannedFor = model;
        return blocks;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "target-projection(rule=%s, seed=%d, scale=%s)",
                rule.name().toLowerCase(Locale.ROOT), seed, scale);
    }
}
