package dev.gradus.robust.defense;

import dev.gradus.autodiff.Autodiff;
import dev.gradus.autodiff.Losses;
import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;
import dev.gradus.optim.Capability;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.StepInput;
import dev.gradus.train.StepOutcome;
import dev.gradus.train.TrainStep;
import java.util.EnumSet;
import java.util.Set;

/**
 * The student's step of defensive distillation (Papernot et al., 2016, arXiv:1511.04508): the batch's labels are
 * replaced by the teacher's soft labels at temperature T and the student is trained at the same T,
 *
 * <pre>
 * q = softmax(teacher(x) / T),    L = CE(softmax(student(x) / T), q)
 * </pre>
 *
 * The trainer's own loss is not used (the teacher supplies the targets); its labels only feed the accuracy metric.
 * The teacher is read in evaluation mode and never updated.
 */
public final class DistillationStep implements TrainStep {
    private final Module teacher;
    private final double temperature;

    /** Distils {@code teacher} at temperature {@code temperature}. */
    public DistillationStep(Module teacher, double temperature) {
        if (teacher == null) {
            throw new IllegalArgumentException("DistillationStep: teacher is null");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("DistillationStep: temperature must be positive and finite, got "
                    + temperature);
        }
        this.teacher = teacher;
        this.temperature = temperature;
    }

    @Override
    public Set<Capability> offers() {
        return EnumSet.of(Capability.LOSS, Capability.GRADIENT, Capability.RANDOM);
    }

    @Override
    public StepOutcome run(StepInput in) {
        Tensor soft;
        try (var scope = Autodiff.noGrad()) {
            soft = teacher.forward(Var.constant(in.input())).value().div(temperature).softmax(1);
        }
        Var out = in.model().forward(Var.constant(in.input()));
        Var l = Losses.softmaxCrossEntropy(out.div(temperature), soft);
        return in.descend(l, out);
    }

    @Override
    public String describe() {
        return "distillation(T=" + temperature + ")";
    }
}
