package dev.gradus.robust.defense;

import dev.gradus.autodiff.Var;
import dev.gradus.optim.Capability;
import dev.gradus.robust.Classifier;
import dev.gradus.robust.attack.Attack;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.EnumSet;
import java.util.Set;

/**
 * Adversarial training (Madry et al., ICLR 2018, arXiv:1706.06083): each batch is replaced by the attack's
 * adversarial examples against the current model, then the standard step runs on them,
 *
 * <pre>
 * x_adv = attack(f_theta, x, y),    theta &lt;- optimizer(theta, grad_theta L(f_theta(x_adv), y))
 * </pre>
 *
 * The attack's random start draws from the step's {@code "attack"} stream, so a seeded run repeats bit for bit. With
 * a standard pretrained model and the {@link dev.gradus.optim.schedule.SlowStartFastDecay} learning rate for a short
 * budget this is adversarial fine-tuning (Jeddi, Shafiee &amp; Wong, arXiv:2012.13628). Each step costs
 * {@code attack.gradientEvaluations() + 1} gradient evaluations per example ({@link #gradientEvaluationsPerExample}).
 */
public final class AdversarialStep implements TrainStep {
    private final Attack attack;

    /** Trains on {@code attack}'s adversarial examples, e.g. {@code Pgd.linf(eps, eps / 4, 7)}. */
    public AdversarialStep(Attack attack) {
        if (attack == null) {
            throw new IllegalArgumentException("AdversarialStep: attack is null");
        }
        this.attack = attack;
    }

    /** Gradient evaluations per example per step: the attack's plus the parameter gradient. */
    public int gradientEvaluationsPerExample() {
        return attack.gradientEvaluations() + 1;
    }

    @Override
    public Set<Capability> offers() {
        return EnumSet.of(Capability.LOSS, Capability.GRADIENT, Capability.RANDOM);
    }

    @Override
    public StepOutcome run(StepInput in) {
        Tensor x = in.input();
        Tensor adv = attack.perturb(Classifier.of(in.model()), x, in.batch().labels(), in.random("attack"));
        Var out = in.model().forward(Var.constant(adv));
        Var l = in.loss().apply(out, in.batch().y());
        return in.descend(l, out);
    }

    @Override
    public String describe() {
        return "adversarial(" + attack + ")";
    }
}
