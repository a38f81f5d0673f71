package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/** {@code max(0, x)}, elementwise. The derivative at 0 is taken as 0, as in PyTorch. */
public final class ReLU extends Module {
    @Override
    public Var forward(Var input) {
        return input.relu();
    }
}
