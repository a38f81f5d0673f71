package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.nn.Module;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.TensorMap;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelWeightsTest {

    @Test
    void theFileHasTheSafetensorsLayoutWithTheModulesNames(@TempDir Path dir) throws Exception {
        Module model = ModelSpec.parse("mlp(hidden=(5,), batch_norm=true)").build(new int[] {3}, 2, RandomStream.of(1));
        Path file = dir.resolve("model.safetensors");
        ModelWeights.save(file, model);

        SafetensorsBytes st = new SafetensorsBytes(Files.readAllBytes(file));
        TensorMap state = model.stateDict();
        assertThat(st.values.keySet()).containsExactlyInAnyOrderElementsOf(state.names())
                .contains("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "3.weight");
        assertThat(st.headerLength % 8).as("data aligned to 8 bytes").isZero();
        assertThat(st.metadata).containsEntry("format", "pt");
        state.forEach((name, t) -> {
            assertThat(st.shapes.get(name)).as(name).containsExactly(t.shape());
            assertThat(st.values.get(name)).as(name).isEqualTo(t.data());
        });
        assertThat(st.shapes.get("0.weight")).containsExactly(5, 3);
    }

    @Test
    void loadingRestoresTheWeightsAndRefusesAnotherModel(@TempDir Path dir) throws Exception {
        Module a = ModelSpec.parse("mlp(hidden=(5,))").build(new int[] {3}, 2, RandomStream.of(1));
        Module b = ModelSpec.parse("mlp(hidden=(5,))").build(new int[] {3}, 2, RandomStream.of(2));
        Path file = dir.resolve("w.safetensors");
        ModelWeights.save(file, a);
        ModelWeights.load(file, b);
        a.stateDict().forEach((n, t) -> assertThat(b.stateDict().get(n).data()).isEqualTo(t.data()));

        Module c = ModelSpec.parse("mlp(hidden=(6,))").build(new int[] {3}, 2, RandomStream.of(2));
        assertThatThrownBy(() -> ModelWeights.load(file, c)).hasMessageContaining("w.safetensors")
                .hasMessageContaining("wrong shape: 0.weight expected [6, 3] got [5, 3]");
    }
}
