package dev.gradus.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sizes models give the memory estimate without being built are those of the models they build. */
class ModelSizeTest {
    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource(delimiter = ';', value = {
        "logistic; 13",
        "logistic(bias=false); 4",
        "mlp; 64",
        "mlp(hidden=(7, 5), batch_norm=true); 10",
        "mlp(hidden=(9,), layer_norm=true); 3",
        "cnn; 1x8x8",
        "cnn(channels=(4, 6, 3), kernel_size=5, hidden=(11, 7)); 2x12x10",
        "cnn(channels=(5,), kernel_size=2, hidden=()); 49",
    })
    void parametersMatchTheBuiltModel(String spec, String shapeText) {
        String[] parts = shapeText.split("x");
        int[] shape = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            shape[i] = Integer.parseInt(parts[i]);
        }
        ModelSpec m = ModelSpec.parse(spec);
        long[] size = m.size(shape, 3);
        assertThat(size).isNotNull().hasSize(2);
        assertThat(size[0]).isEqualTo(m.build(shape, 3, RandomStream.of(1)).parameterCount());
        assertThat(size[1]).isGreaterThan(size[0] > 0 ? 3 : 0);
    }
}
