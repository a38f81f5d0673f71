package dev.gradus.optim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradus.optim.OptimizerRegistry;
import dev.gradus.optim.TestOnlyDescriptors;
import org.junit.jupiter.api.Test;

class SpecFamilyTest {
    private static final SpecFamily<Object> SHAPES = SpecFamily.of("shape", Object.class);

    @Test
    void componentsParseValidateAndPrintBack() {
        Object s = SHAPES.parse("scaled(of=scaled(of=square(side=3)), factor=3)");
        assertThat(s).isInstanceOf(TestOnlyDescriptors.Scaled.class);
        assertThat(Specs.print(s)).isEqualTo("scaled(of=scaled(of=square(side=3.0), factor=2), factor=3)");
        assertThat(Specs.print(SHAPES.parse("scaled"))).isEqualTo("scaled(of=square(side=1.0), factor=2)");
        assertThat(SHAPES.names()).containsExactly("square", "scaled");
        assertThat(OptimizerRegistry.families()).contains("shape");
        assertThat(OptimizerRegistry.find("square")).as("components are not optimizers").isEmpty();
    }

    @Test
    void errorsNameTheFamilyAndWhatIsAllowed() {
        assertThatThrownBy(() -> SHAPES.parse("sqare(side=2)")).isInstanceOf(SpecException.class)
                .hasMessageContaining("unknown shape 'sqare' (did you mean square?)")
                .hasMessageContaining("known: square, scaled");
        assertThatThrownBy(() -> SHAPES.parse("square(side=-1)"))
                .hasMessageContaining("square: side=-1.0 is out of range");
        assertThatThrownBy(() -> SHAPES.parse("scaled(of=adam())"))
                .hasMessageContaining("unknown shape 'adam'");
        assertThatThrownBy(() -> Specs.transformation("square()"))
                .hasMessageContaining("unknown optimizer or transform 'square'");
    }
}
