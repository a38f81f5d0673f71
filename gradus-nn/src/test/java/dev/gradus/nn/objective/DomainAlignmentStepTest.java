package dev.gradus.nn.objective;

import dev.gradus.autodiff.Var;
import dev.gradus.data.Dataset;
import dev.gradus.nn.CrossEntropyLoss;
import dev.gradus.nn.Mlp;
import dev.gradus.nn.Sequential;
import dev.gradus.optim.MissingCapabilityException;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import dev.gradus.tensor.TensorMap;
import dev.gradus.train.Trainer;
import dev.gradus.train.TrainingHistory;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class DomainAlignmentStepTest {

    /** Two domains where feature 1 agrees with the label with probability 0.8 and 0.9; feature 0 is the signal. */
    static final int N = 120;
    static final double[] FEATURES = new double[N * 3];
    static final int[] LABELS = new int[N];
    static final int[] DOMAIN = new int[N];

    static {
        RandomStream rng = RandomStream.of(4);
        for (int i = 0; i < N; i++) {
            int y = rng.nextInt(2);
            int e = i % 2;
            double agree = e == 0 ? 0.8 : 0.9;
            int spurious = rng.bernoulli(agree) ? y : 1 - y;
            FEATURES[3 * i] = (2 * y - 1) * 0.5 + rng.normal();
            FEATURES[3 * i + 1] = (2 * spurious - 1) + 0.1 * rng.normal();
            FEATURES[3 * i + 2] = rng.normal();
            LABELS[i] = y;
            DOMAIN[i] = e;
        }
    }

    static Sequential model() {
        return Mlp.builder(3).hidden(6).outputs(2).build(RandomStream.of(11));
    }

    static Trainer trainer(Sequential model, AlignmentPenalty penalty) {
        Dataset data = Dataset.classification("spurious", Tensor.of(FEATURES.clone(), N, 3), LABELS, List.of("0", "1"));
        DomainAlignmentObjective obj = new DomainAlignmentObjective(model, new CrossEntropyLoss()).penalty(penalty)
                .weight(1.0).probes(8);
        return Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("adam(lr=1e-2)")
                .data(data, null).epochs(15).batchSize(40).seed(3).step(new DomainAlignmentStep(obj, DOMAIN)).build();
    }

    @Test
    void trainsThroughTheTrainerDeterministically() throws Exception {
        for (AlignmentPenalty p : AlignmentPenalty.values()) {
            Sequential a = model();
            TrainingHistory h = trainer(a, p).fit();
            assertThat(h.last().trainLoss()).as(p.name()).isLessThan(h.epochs().get(0).trainLoss());
            Sequential b = model();
            trainer(b, p).fit();
            TensorMap pa = a.namedParameters();
            TensorMap pb = b.namedParameters();
            for (String name : pa.names()) {
                assertThat(pb.get(name).data()).as("%s %s", p, name).isEqualTo(pa.get(name).data());
            }
        }
    }

    @Test
    void theObjectiveIsThePooledRiskPlusTheWeightedPenaltyAndReachesTheFirstLayer() {
        Sequential model = model();
        Tensor x1 = DomainAlignmentStep.rowsOf(Tensor.of(FEATURES, N, 3), java.util.stream.IntStream.range(0, 40)
                .filter(i -> i % 2 == 0).boxed().toList());
        Tensor x2 = DomainAlignmentStep.rowsOf(Tensor.of(FEATURES, N, 3), java.util.stream.IntStream.range(0, 40)
                .filter(i -> i % 2 == 1).boxed().toList());
        Tensor y1 = Tensor.of(java.util.stream.IntStream.range(0, 40).filter(i -> i % 2 == 0)
                .mapToDouble(i -> LABELS[i]).toArray(), 20);
        Tensor y2 = Tensor.of(java.util.stream.IntStream.range(0, 40).filter(i -> i % 2 == 1)
                .mapToDouble(i -> LABELS[i]).toArray(), 20);
        DomainAlignmentObjective erm = new DomainAlignmentObjective(model, new CrossEntropyLoss())
                .penalty(AlignmentPenalty.ERM);
        DomainAlignmentObjective hgp = new DomainAlignmentObjective(model, new CrossEntropyLoss()).weight(3.0);
        double risk = erm.value(List.of(x1, x2), List.of(y1, y2), null).item();
        List<Var> losses = hgp.domainLosses(List.of(x1, x2), List.of(y1, y2));
        assertThat(risk).isCloseTo((losses.get(0).item() + losses.get(1).item()) / 2, within(1e-14));
        double pen = hgp.penaltyValue(losses, null).item();
        assertThat(pen).isPositive();
        assertThat(hgp.value(List.of(x1, x2), List.of(y1, y2), null).item()).isCloseTo(risk + 3 * pen, within(1e-12));
        assertThat(hgp.headParameters()).hasSize(2); // the last Linear's weight and bias
        Var penaltyOnly = hgp.penaltyValue(hgp.domainLosses(List.of(x1, x2), List.of(y1, y2)), null);
        assertThat(model.gradients(penaltyOnly).get("0.weight").norm()).isPositive();
    }

    @Test
    void optimizersThatReEvaluateTheLossAreRefused() {
        Sequential model = model();
        Dataset data = Dataset.classification("spurious", Tensor.of(FEATURES.clone(), N, 3), LABELS, List.of("0", "1"));
        DomainAlignmentObjective obj = new DomainAlignmentObjective(model, new CrossEntropyLoss());
        assertThatThrownBy(() -> Trainer.builder().model(model).loss(new CrossEntropyLoss()).optimizer("sam(sgd())")
                .data(data, null).step(new DomainAlignmentStep(obj, DOMAIN)).build())
                .isInstanceOf(MissingCapabilityException.class);
        assertThatThrownBy(() -> new DomainAlignmentStep(obj, new int[] {0, -1}))
                .hasMessageContaining("example 1 has domain -1");
        assertThatThrownBy(() -> new DomainAlignmentObjective(model, new CrossEntropyLoss()).head(n -> false)
                .headParameters()).hasMessageContaining("no parameter matches the head selection");
    }
}
