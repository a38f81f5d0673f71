package dev.gradus.nn.objective;

import dev.gradus.autodiff.Var;
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
import java.util.Set;

/**
 * A {@link TrainStep} that trains on a {@link DomainAlignmentObjective}: it splits each batch by the domain of
 * its examples (a label per example of the data set, looked up by the batch's indices), takes the objective over
 * the domains present, and steps the optimizer with its gradient. The Hutchinson probes come from the step's
 * {@code "hessian-alignment"} stream, so a resumed run draws the same ones. The objective's own weight applies;
 * domains with no example in a batch are left out of that batch.
 *
 * <p>The optimizer's context offers only the step's random stream: the batch's plain loss at other points is
 * not this objective, so optimizers that re-evaluate it (SAM, L-BFGS) are refused when the trainer is built.
 */
public final class DomainAlignmentStep implements TrainStep {

    private static final Set<Capability> OFFERS = Collections.unmodifiableSet(EnumSet.of(Capability.RANDOM));

    private final DomainAlignmentObjective objective;
    private final int[] domainOf;
    private final int domains;

    /**
     * @param objective the objective (its model must be the trainer's)
     * @param domainOf the domain {@code 0..E−1} of every example of the training set, by index
     */
    public DomainAlignmentStep(DomainAlignmentObjective objective, int[] domainOf) {
        this.objective = objective;
        this.domainOf = domainOf.clone();
        int max = -1;
        for (int i = 0; i < domainOf.length; i++) {
            if (domainOf[i] < 0) {
                throw new IllegalArgumentException("domain alignment step: example " + i + " has domain "
                        + domainOf[i] + "; domains are 0, 1, ...");
            }
            max = Math.max(max, domainOf[i]);
        }
        this.domains = max + 1;
    }

    @Override
    public Set<Capability> offers() {
        return OFFERS;
    }

    @Override
    public StepOutcome run(StepInput in) {
        int[] idx = in.batch().indices();
        Tensor x = in.input();
        Tensor y = in.batch().y();
        List<Tensor> xs = new ArrayList<>();
        List<Tensor> ys = new ArrayList<>();
        for (int e = 0; e < domains; e++) {
            List<Integer> rows = new ArrayList<>();
            for (int r = 0; r < idx.length; r++) {
                if (idx[r] >= domainOf.length) {
                    throw new IllegalArgumentException("domain alignment step: example " + idx[r]
                            + " has no domain (" + domainOf.length + " given)");
                }
                if (domainOf[idx[r]] == e) {
                    rows.add(r);
                }
            }
            if (!rows.isEmpty()) {
                xs.add(rowsOf(x, rows));
                ys.add(rowsOf(y, rows));
            }
        }
        if (xs.isEmpty()) {
            in.optimizer().step(in.params(), in.params().zerosLike(), in.optimizerState(), context(in, 0.0));
            return new StepOutcome(0.0, null, 0);
        }
        RandomStream rng = in.random("hessian-alignment");
        Var total = objective.value(xs, ys, rng);
        double lv = total.item();
        in.checkLoss(lv);
        TensorMap grads = in.model().gradients(total);
        in.checkGradients(grads);
        in.optimizer().step(in.params(), grads, in.optimizerState(), context(in, lv));
        return new StepOutcome(lv, null, idx.length);
    }

    private static dev.gradus.optim.StepContext context(StepInput in, double loss) {
        return in.context(loss).lossFunction(null).objective(null).hvp(null).perSample(null).build();
    }

    /** The given rows of a tensor whose first dimension is the batch. */
    static Tensor rowsOf(Tensor t, List<Integer> rows) {
        int[] shape = t.shape().clone();
        int width = t.size() / shape[0];
        double[] src = t.data();
        double[] out = new double[rows.size() * width];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(src, rows.get(r) * width, out, r * width, width);
        }
        shape[0] = rows.size();
        return Tensor.of(out, shape);
    }

    @Override
    public String describe() {
        return "domain_alignment(" + objective.penalty().name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
