package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/** {@code 1 / (1 + exp(-x))}, elementwise. */
public final class Sigmoid extends Module {
    @Override
    public Var forward(Var input) {
        return input.sigmoid();
    }
}
