package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/** {@code tanh(x)}, elementwise. */
public final class Tanh extends Module {
    @Override
    public Var forward(Var input) {
        return input.tanh();
    }
}
