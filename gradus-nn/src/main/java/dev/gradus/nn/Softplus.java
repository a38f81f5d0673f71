package dev.gradus.nn;

import dev.gradus.autodiff.Var;

/**
 * {@code log(1 + exp(x))}, elementwise, computed stably (PyTorch's {@code Softplus()} with {@code beta=1}).
 * PyTorch returns {@code x} itself above its {@code threshold=20}; here the exact value is kept, which
 * differs from PyTorch's by less than {@code 2.1e-9} there.
 */
public final class Softplus extends Module {
    @Override
    public Var forward(Var input) {
        return input.softplus();
    }
}
