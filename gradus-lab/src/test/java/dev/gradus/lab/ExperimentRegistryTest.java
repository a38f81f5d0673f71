package dev.gradus.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExperimentRegistryTest {
    @Test
    void everyExperimentIsDescribedAndHasAUniqueId() {
        Set<String> ids = new HashSet<>();
        for (Experiment e : ExperimentRegistry.all()) {
            assertThat(e.id()).matches("[a-z0-9][a-z0-9-]*");
            assertThat(ids.add(e.id())).as("unique id %s", e.id()).isTrue();
            assertThat(e.paper()).isNotBlank();
            assertThat(e.reference()).isNotBlank();
            assertThat(e.claim()).isNotBlank();
        }
        assertThat(ids).contains("matrix-sensing");
    }

    @Test
    void selectsByIdInTheGivenOrderAndNamesTheKnownIdsOnATypo() {
        List<Experiment> all = ExperimentRegistry.all();
        String first = all.get(0).id();
        assertThat(ExperimentRegistry.select(List.of(first, first))).extracting(Experiment::id).containsExactly(first);
        assertThatThrownBy(() -> ExperimentRegistry.select(List.of("matrix-sensin")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown experiment 'matrix-sensin'; known: ")
                .hasMessageContaining("matrix-sensing");
    }
}
