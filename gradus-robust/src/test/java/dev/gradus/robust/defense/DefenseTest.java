package dev.gradus.robust.defense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Linear;
import dev.gradus.nn.Module;
import dev.gradus.robust.attack.Pgd;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefenseTest {

    @Test
    void temperatureCrossEntropyIsTheCrossEntropyOfTheScaledLogits() {
        // z = (2, 0), T = 2, label 0: CE of (1, 0) = log(1 + e^-1)
        Var l = new TemperatureCrossEntropy(2).apply(Var.constant(Tensor.of(new double[] {2, 0}, 1, 2)),
                Tensor.vector(0));
        assertThat(l.item()).isCloseTo(Math.log(1 + Math.exp(-1)), within(1e-15));
        assertThatThrownBy(() -> new TemperatureCrossEntropy(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("temperature");
    }

    private static Dataset blobs(RandomStream rng) {
        int n = 200;
        double[] x = new double[n * 2];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[2 * i] = 0.5 + (y[i] == 0 ? -0.2 : 0.2) + 0.05 * rng.normal();
            x[2 * i + 1] = 0.5 + 0.05 * rng.normal();
        }
        return Dataset.classification("blobs", Tensor.of(x, n, 2), y, List.of("a", "b"));
    }

    @Test
    void theDistilledStudentLearnsTheTeachersSoftLabels() throws Exception {
        RandomStream rng = RandomStream.of(11);
        Dataset data = blobs(rng);
        Linear teacher = new Linear(2, 2, rng);
        teacher.weight().value().assign(Tensor.of(new double[] {-5, 2, 5, -2}, 2, 2));
        teacher.eval();
        Module student = new Linear(2, 2, rng);
        Trainer trainer = Trainer.builder().seed(1).model(student).loss(new CrossEntropyLoss())
                .step(new DistillationStep(teacher, 5)).optimizer("adam(lr=0.05)").data(data, null).epochs(150)
                .batchSize(50).build();
        trainer.fit();
        Tensor x = data.features();
        Tensor q = teacher.forward(Var.constant(x)).value().div(5).softmax(1);
        Tensor p = student.forward(Var.constant(x)).value().div(5).softmax(1);
        assertThat(p.sub(q).abs().max()).isLessThan(0.05);
    }

    @Test
    void adversarialStepCountsTheAttackAndIsSeeded() throws Exception {
        AdversarialStep step = new AdversarialStep(Pgd.linf(0.1, 0.025, 7));
        assertThat(step.gradientEvaluationsPerExample()).isEqualTo(8);
        double[][] weights = new double[2][];
        for (int run = 0; run < 2; run++) {
            RandomStream rng = RandomStream.of(12);
            Dataset data = blobs(rng);
            Module model = new Linear(2, 2, rng);
            Trainer.builder().seed(3).model(model).loss(new CrossEntropyLoss()).step(step).optimizer("sgd(lr=0.5)")
                    .data(data, null).epochs(3).batchSize(50).build().fit();
            weights[run] = model.namedParameters().get("weight").data().clone();
        }
        assertThat(weights[0]).containsExactly(weights[1]);
        assertThatThrownBy(() -> new AdversarialStep(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
