package dev.gradus.optim.schedule;

import dev.gradus.optim.Schedule;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.SpecForm;
import dev.gradus.optim.spec.SpecValue;
import java.util.List;

/**
 * The same value at every step: what a plain number means wherever a scalar hyperparameter is expected.
 * Inside an optimizer spec it prints as the bare number ({@code lr=0.001}); on its own as
 * {@code constant(value=0.001)}.
 */
public record ConstantSchedule(double value) implements Schedule, SpecForm {

    /** Spec: {@code constant(value)}. */
    public static final Descriptor<Schedule> SPEC = Descriptor
            .<Schedule>builder("constant", Descriptor.Kind.SCHEDULE, hp -> new ConstantSchedule(hp.number("value")))
            .summary("the same value at every step")
            .reference("optax.constant_schedule")
            .param(Param.number("value", null, "the value"))
            .build();

    @Override
    public double at(long step) {
        return value;
    }

    @Override
    public SpecValue.Call spec() {
        return new SpecValue.Call("constant", List.of(), List.of(new SpecValue.Kwarg("value", new SpecValue.Num(value))));
    }

    /** The number, as a spec prints it. */
    @Override
    public String toString() {
        return dev.gradus.optim.spec.SpecPrinter.number(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstantSchedule c && Double.doubleToLongBits(c.value) == Double.doubleToLongBits(value);
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }
}
