package dev.gradus.optim;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.DescriptorProvider;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.TensorMap;
import java.util.List;

/** A provider that exists only on the test class path, as a new module's would: proves the registry is open. */
public final class TestOnlyDescriptors implements DescriptorProvider {

    /** {@code test_only_double()}: multiplies the updates by 2. */
    public static final class Double extends Configurable<Double> {
        /** Its descriptor. */
        public static final Descriptor<Double> SPEC = Descriptor
                .builder("test_only_double", Descriptor.Kind.TRANSFORM, Double::new)
                .summary("doubles the updates (registered by a test-only provider)")
                .reference("none")
                .param(Param.flag("enabled", true, "whether to double"))
                .build();

        /** From hyperparameters. */
        public Double(Hyperparams hp) {
            super(hp);
        }

        @Override
        public OptState init(TensorMap params) {
            return new OptState() {};
        }

        @Override
        public void update(TensorMap updates, OptState state, TensorMap params, StepContext ctx) {
            if (hp.flag("enabled")) {
                dev.gradus.tensor.Trees.scale(2.0, updates);
            }
        }
    }

    /** A component of the test-only family {@code shape}: {@code square(side=...)}. */
    public static final class Square extends Configured<Square> {
        /** Its descriptor. */
        public static final Descriptor<Square> SPEC = Descriptor.component("square", "shape", Square::new)
                .summary("a square").param(Param.number("side", 1.0, "side length").range(Range.greaterThan(0)))
                .build();

        Square(Hyperparams hp) {
            super(hp);
        }

        double area() {
            return hp.number("side") * hp.number("side");
        }
    }

    /** {@code scaled(of=square(...), factor=2)}: a component holding another of its family. */
    public static final class Scaled extends Configured<Scaled> {
        /** Its descriptor. */
        public static final Descriptor<Scaled> SPEC = Descriptor.component("scaled", "shape", Scaled::new)
                .summary("a shape scaled").param(Param.component("of", "shape", "square()", "the shape"))
                .param(Param.integer("factor", 2L, "how many times")).build();

        Scaled(Hyperparams hp) {
            super(hp);
        }

        double area() {
            Object of = hp.get("of");
            double a = of instanceof Square sq ? sq.area() : ((Scaled) of).area();
            return a * hp.integer("factor");
        }
    }

    @Override
    public List<Descriptor<?>> descriptors() {
        return List.of(Double.SPEC, Square.SPEC, Scaled.SPEC);
    }
}
