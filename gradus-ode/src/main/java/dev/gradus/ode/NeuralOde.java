package dev.gradus.ode;

import dev.gradus.autodiff.Var;
import dev.gradus.nn.Module;

/**
 * A neural-ODE layer (Chen et al., "Neural Ordinary Differential Equations", NeurIPS 2018): the input is the initial
 * state and the output the state at {@code t1} of
 * <pre>
 *   dz/dt = f_theta(z),   z(t0) = x,   output = z(t1)
 * </pre>
 * with {@code f_theta} the {@code dynamics} module (autonomous: it sees the state, not the time), integrated by an
 * adaptive {@link EmbeddedRungeKutta}. Gradients are discrete sensitivities through the solver's stages (exact for the
 * discrete solve; memory grows with the number of steps). The batch {@code [b, d]} is one system with one step
 * sequence.
 *
 * <p>The solution of the last forward pass is kept ({@link #lastSolution()}): its NFE, its steps and their error
 * estimates, which {@link SolverRegularizer}s penalise. So one module must not run forward passes on several threads
 * at once.
 *
 * <pre>{@code
 * Module f = Mlp.builder(3).hidden(32).outputs(3).activation(Activation.TANH).build(rng);
 * NeuralOde ode = new NeuralOde(f, EmbeddedRungeKutta.tsit5(), 0, 1);
 * Var z1 = ode.forward(Var.constant(x));                 // x: [batch, 3]
 * int nfe = ode.lastSolution().evaluations();
 * }</pre>
 */
public final class NeuralOde extends Module {
    private final Module dynamics;
    private final EmbeddedRungeKutta solver;
    private final double t0;
    private final double t1;
    private final VectorField field;
    private OdeSolution last;

    /** The layer {@code x -> z(t1)} with {@code dz/dt = dynamics(z)} from {@code t0}, solved by {@code solver}. */
    public NeuralOde(Module dynamics, EmbeddedRungeKutta solver, double t0, double t1) {
        if (dynamics == null || solver == null) {
            throw new IllegalArgumentException("NeuralOde: dynamics and solver must not be null");
        }
        if (!(t1 > t0)) {
            throw new IllegalArgumentException("NeuralOde: need t1 > t0, got t0 = " + t0 + ", t1 = " + t1);
        }
        this.dynamics = addModule("dynamics", dynamics);
        this.solver = solver;
        this.t0 = t0;
        this.t1 = t1;
        this.field = (t, z) -> this.dynamics.forward(z);
    }

    @Override
    public Var forward(Var input) {
        return solve(input).last();
    }

    /** Solves from {@code input} and returns the whole solution (also kept as {@link #lastSolution()}). */
    public OdeSolution solve(Var input) {
        last = solver.solve(field, input, t0, t1);
        return last;
    }

    /** The vector field {@code (t, z) -> dynamics(z)}. */
    public VectorField field() {
        return field;
    }

    /** The solution of the last forward pass, or null before the first. */
    public OdeSolution lastSolution() {
        return last;
    }

    /** The solver. */
    public EmbeddedRungeKutta solver() {
        return solver;
    }
}
