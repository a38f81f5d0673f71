package dev.gradus.nn.objective;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Loss;
import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The training objective {@code L̄ + w · penalty} over domains {@code e = 1..E}: the pooled risk
 * {@code L̄ = (1/E) Σ_e L_e} of a model plus a {@link HessianAlignment} penalty on its classifier-head parameters
 * (selected by name), differentiable with respect to every parameter of the model.
 *
 * <p>Defaults: the head is the parameters of the model's last layer (names starting with the last top-level
 * prefix, such as {@code "4."} in a {@code Sequential}), HGP, {@code w = 1}, {@code S = 150} probes. The reference
 * recipe anneals the weight (1 for the first 190 steps, then 91257 and the total divided by it); schedule
 * {@link #weight} from outside, as the step number is the trainer's.
 *
 * <pre>{@code
 * DomainAlignmentObjective obj = new DomainAlignmentObjective(model, new CrossEntropyLoss())
 *         .penalty(AlignmentPenalty.HGP).weight(10.0);
 * Var total = obj.value(List.of(x1, x2), List.of(y1, y2), rng);
 * TensorMap grads = model.gradients(total);
 * }</pre>
 */
public final class DomainAlignmentObjective {

    private final Module model;
    private final Loss loss;
    private Predicate<String> head;
    private AlignmentPenalty penalty = AlignmentPenalty.HGP;
    private double weight = 1.0;
    private int probes = HessianAlignment.DEFAULT_PROBES;

    /** The objective of {@code model} under {@code loss}, with the defaults above. */
    public DomainAlignmentObjective(Module model, Loss loss) {
        this.model = model;
        this.loss = loss;
        String last = null;
        for (String name : model.namedParameterNodes().keySet()) {
            int dot = name.indexOf('.');
            last = dot < 0 ? "" : name.substring(0, dot + 1);
        }
        String prefix = last;
        this.head = prefix == null || prefix.isEmpty() ? n -> true : n -> n.startsWith(prefix);
    }

    /** Selects the head parameters by name. */
    public DomainAlignmentObjective head(Predicate<String> names) {
        this.head = names;
        return this;
    }

    /** The penalty (default HGP). */
    public DomainAlignmentObjective penalty(AlignmentPenalty value) {
        this.penalty = value;
        return this;
    }

    /** The penalty weight {@code w ≥ 0} (default 1). */
    public DomainAlignmentObjective weight(double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("domain alignment: weight must be finite and >= 0, got " + value);
        }
        this.weight = value;
        return this;
    }

    /** The number of Hutchinson probes {@code S ≥ 1} (default 150). */
    public DomainAlignmentObjective probes(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("domain alignment: probes must be >= 1, got " + value);
        }
        this.probes = value;
        return this;
    }

    /** The current penalty kind. */
    public AlignmentPenalty penalty() {
        return penalty;
    }

    /** The head parameters' autodiff leaves, in the model's order. */
    public List<Var> headParameters() {
        List<Var> out = new ArrayList<>();
        for (Map.Entry<String, Var> e : model.namedParameterNodes().entrySet()) {
            if (head.test(e.getKey())) {
                out.add(e.getValue());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("domain alignment: no parameter matches the head selection among "
                    + model.namedParameterNodes().keySet());
        }
        return out;
    }

    /** The loss of each domain, on the model's parameter leaves. */
    public List<Var> domainLosses(List<Tensor> inputs, List<Tensor> targets) {
        if (inputs.size() != targets.size() || inputs.isEmpty()) {
            throw new IllegalArgumentException("domain alignment: " + inputs.size() + " domain inputs and "
                    + targets.size() + " targets; they must agree and be at least one");
        }
        List<Var> out = new ArrayList<>(inputs.size());
        for (int e = 0; e < inputs.size(); e++) {
            out.add(loss.apply(model.forward(Var.constant(inputs.get(e))), targets.get(e)));
        }
        return out;
    }

    /** The penalty alone (0 for ERM) over the given per-domain losses. */
    public Var penaltyValue(List<Var> domainLosses, RandomStream rng) {
        return switch (penalty) {
            case ERM -> Var.scalar(0.0);
            case HGP -> HessianAlignment.hgpPenalty(domainLosses, headParameters());
            case HUTCHINSON -> HessianAlignment.hutchinsonPenalty(domainLosses, headParameters(), rng, probes);
        };
    }

    /** {@code L̄ + w · penalty} for one batch per domain; {@code rng} draws the Hutchinson probes. */
    public Var value(List<Tensor> inputs, List<Tensor> targets, RandomStream rng) {
        List<Var> losses = domainLosses(inputs, targets);
        Var risk = HessianAlignment.pooled(losses);
        if (penalty == AlignmentPenalty.ERM || weight == 0.0) {
            return risk;
        }
        return risk.add(penaltyValue(losses, rng).mul(weight));
    }
}
