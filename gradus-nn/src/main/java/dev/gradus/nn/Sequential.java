package dev.gradus.nn;

import dev.gradus.autodiff.FusedActivation;
import dev.gradus.autodiff.Var;
import java.util.ArrayList;
import java.util.List;

/**
 * Modules applied one after another; the children are named {@code 0, 1, 2, ...} as in PyTorch, so a
 * {@code Sequential(Linear, ReLU, Linear)} has parameters {@code 0.weight, 0.bias, 2.weight, 2.bias}.
 *
 * <p>A {@link Linear} layer followed by a {@link ReLU}, {@link Tanh} or {@link Sigmoid} runs as one fused graph
 * node ({@link Linear#forward(Var, dev.gradus.autodiff.FusedActivation)}), with the same results bit for bit.
 *
 * <pre>{@code
 * RandomStream rng = RandomStream.of(0);
 * Module net = new Sequential(new Linear(4, 8, rng), new ReLU(), new Linear(8, 1, rng));
 * }</pre>
 */
public final class Sequential extends Module {
    private final Module[] layers;

    /** The given modules, in order. */
    public Sequential(Module... layers) {
        this(List.of(layers));
    }

    /** The given modules, in order. */
    public Sequential(List<? extends Module> layers) {
        this.layers = layers.toArray(new Module[0]);
        for (int i = 0; i < this.layers.length; i++) {
            addModule(Integer.toString(i), this.layers[i]);
        }
    }

    /** The number of layers. */
    public int size() {
        return layers.length;
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        if (index < 0 || index >= layers.length) {
            throw new IndexOutOfBoundsException("Sequential: layer " + index + " of " + layers.length);
        }
        return layers[index];
    }

    /** The layers, in order (a copy). */
    public List<Module> layers() {
        return new ArrayList<>(List.of(layers));
    }

    @Override
    public Var forward(Var input) {
        Var x = input;
        for (int i = 0; i < layers.length; i++) {
            FusedActivation act = layers[i] instanceof Linear && i + 1 < layers.length ? Linear.fusable(layers[i + 1]) : null;
            if (act != null && layers[i + 1].perSampleTap() == null) {
                x = ((Linear) layers[i]).forward(x, act); // the layer and its activation as one node
                i++;
            } else {
                x = layers[i].forward(x);
            }
        }
        return x;
    }
}
