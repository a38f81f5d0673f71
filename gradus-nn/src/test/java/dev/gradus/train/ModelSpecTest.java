package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.nn.Module;
import dev.gradus.optim.spec.SpecException;
import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void printsEveryKeywordAndParsesBack() {
        ModelSpec m = ModelSpec.parse("mlp(hidden=(128, 128), activation=relu, batch_norm=true)");
        assertThat(m.toString()).isEqualTo(
                "mlp(hidden=(128, 128), activation=\"relu\", batch_norm=true, layer_norm=false, dropout=0.0)");
        assertThat(ModelSpec.parse(m.toString())).isEqualTo(m);
        assertThat(ModelSpec.parse("mlp(hidden=64, activation='tanh')").toString())
                .startsWith("mlp(hidden=(64,), activation=\"tanh\",");
        assertThat(ModelSpec.parse("logistic").toString()).isEqualTo("logistic(bias=true)");
        assertThat(ModelSpec.parse("cnn()").toString())
                .isEqualTo("cnn(channels=(16, 32), kernel_size=3, hidden=(128,), activation=\"relu\", dropout=0.0)");
    }

    @Test
    void errorsPointAtThePlaceAndSayWhatIsAllowed() {
        assertThatThrownBy(() -> ModelSpec.parse("mlp(hiden=(8,))")).isInstanceOf(SpecException.class)
                .hasMessageContaining("unknown keyword 'hiden' for mlp (did you mean hidden?) at column 5")
                .hasMessageContaining("allowed: hidden, activation, batch_norm, layer_norm, dropout");
        assertThatThrownBy(() -> ModelSpec.parse("mlp(activation=swish)"))
                .hasMessageContaining("allowed: one of \"relu\", \"tanh\", \"sigmoid\", \"gelu\", \"softplus\"");
        assertThatThrownBy(() -> ModelSpec.parse("mlp(dropout=1.5)")).hasMessageContaining("[0, 1)");
        assertThatThrownBy(() -> ModelSpec.parse("mlp(hidden=(8, -2))")).hasMessageContaining("hidden=-2 is out of range");
        assertThatThrownBy(() -> ModelSpec.parse("transformer()")).hasMessageContaining("unknown model 'transformer'")
                .hasMessageContaining("known: logistic, mlp, cnn");
        assertThatThrownBy(() -> ModelSpec.parse("mlp(hidden=(8,)")).isInstanceOf(SpecException.class);
    }

    @Test
    void buildsModelsWithPyTorchNamesAndShapes() {
        Module mlp = ModelSpec.parse("mlp(hidden=(16, 8), batch_norm=true, dropout=0.5)")
                .build(new int[] {1, 8, 8}, 10, RandomStream.of(0));
        assertThat(mlp.namedParameters().names()).containsExactly("0.weight", "0.bias", "1.weight", "1.bias",
                "4.weight", "4.bias", "5.weight", "5.bias", "8.weight", "8.bias");
        assertThat(mlp.namedParameters().get("0.weight").shape()).containsExactly(16, 64);
        assertThat(mlp.randomStates()).hasSize(2);

        ModelSpec cnnSpec = ModelSpec.parse("cnn(channels=(4, 8), hidden=(16,))");
        assertThat(cnnSpec.inputShape(new int[] {784})).containsExactly(1, 28, 28);
        Module cnn = cnnSpec.build(new int[] {1, 28, 28}, 10, RandomStream.of(0));
        assertThat(cnn.namedParameters().get("7.weight").shape()).containsExactly(16, 8 * 7 * 7);
        assertThat(cnn.forward(Tensor.zeros(2, 1, 28, 28)).shape()).containsExactly(2, 10);

        assertThatThrownBy(() -> cnnSpec.inputShape(new int[] {13})).hasMessageContaining("needs image samples");
        Module logistic = ModelSpec.parse("logistic").build(new int[] {4}, 3, RandomStream.of(0));
        assertThat(logistic.parameterCount()).isEqualTo(15);
    }
}
