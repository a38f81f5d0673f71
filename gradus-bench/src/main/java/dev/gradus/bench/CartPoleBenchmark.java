package dev.gradus.bench;

import burlap.domain.singleagent.cartpole.CartPoleDomain;
import burlap.domain.singleagent.cartpole.states.CartPoleState;
import burlap.mdp.core.action.Action;
import burlap.mdp.core.action.SimpleAction;
import burlap.mdp.singleagent.SADomain;
import burlap.mdp.singleagent.environment.EnvironmentOutcome;
import burlap.mdp.singleagent.environment.SimulatedEnvironment;
import dev.gradus.rl.env.CartPole;
import dev.gradus.rl.env.CartPoleVector;
import dev.gradus.rl.env.Step;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CartPole environment steps per second, Gradus against BURLAP 3.0.1 (Brown-UMBC Reinforcement Learning and Planning,
 * the JVM's established RL library), side by side in one run. Scores are steps per microsecond (×10⁶ = steps/s).
 *
 * <ul>
 *   <li>{@code burlap}: BURLAP's {@code CartPoleDomain} (its default, the corrected-friction model) in a
 *       {@code SimulatedEnvironment}, one {@code executeAction} per step, reset on its terminal function; actions
 *       alternate left and right every 8 steps, so episodes last long and resets are a small share.</li>
 *   <li>{@code gradusSingle}: one Gradus {@link CartPole} ({@code reset}/{@code step} with a {@code Step} record per
 *       step, Gym's interface), same action pattern.</li>
 *   <li>{@code gradusVector}: {@link CartPoleVector} of {@value #N} environments, the batch a rollout uses, with
 *       auto-reset, its physics in the Vector-API kernel; same action pattern per environment;
 *       {@code gradusVectorScalarLoop} the same batch with the plain scalar loop (no Vector API).</li>
 * </ul>
 * The physics differ slightly (BURLAP's default model has track and joint friction; Gradus follows Gym's frictionless
 * equations), so this compares the cost of an environment step in each library, not the same arithmetic.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {JvmFlags.VECTOR_API, JvmFlags.HEAP_MIN, JvmFlags.HEAP_MAX})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CartPoleBenchmark {
    /** Environments in the vector batch. */
    public static final int N = 64;
    /** Steps per benchmark invocation (per environment, for the vector). */
    public static final int STEPS = 1024;

    private SimulatedEnvironment burlap;
    private Action left;
    private Action right;
    private CartPole single;
    private CartPoleVector vector;
    private CartPoleVector scalar;
    private int[][] actions;

    /** Builds the three environments and the fixed action pattern. */
    @Setup
    public void setUp() {
        SADomain domain = new CartPoleDomain().generateDomain();
        burlap = new SimulatedEnvironment(domain, new CartPoleState(0, 0, 0, 0));
        left = new SimpleAction(CartPoleDomain.ACTION_LEFT);
        right = new SimpleAction(CartPoleDomain.ACTION_RIGHT);
        single = new CartPole();
        single.reset(0);
        vector = new CartPoleVector(N, 500, true);
        vector.reset(0);
        scalar = new CartPoleVector(N, 500, false);
        scalar.reset(0);
        actions = new int[2][N];
        java.util.Arrays.fill(actions[1], 1);
    }

    /** BURLAP: {@value #STEPS} {@code executeAction} calls. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double burlap() {
        double sum = 0;
        for (int t = 0; t < STEPS; t++) {
            EnvironmentOutcome o = burlap.executeAction((t >> 3 & 1) == 0 ? left : right);
            sum += o.r;
            if (o.terminated) {
                burlap.resetEnvironment();
            }
        }
        return sum;
    }

    /** Gradus, one environment: {@value #STEPS} steps. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public double gradusSingle() {
        double sum = 0;
        for (int t = 0; t < STEPS; t++) {
            Step s = single.step((t >> 3) & 1);
            sum += s.reward();
            if (s.done()) {
                single.reset();
            }
        }
        return sum;
    }

    /** Gradus, a batch of {@value #N} with the scalar loop only: {@value #STEPS} batch steps. */
    @Benchmark
    @OperationsPerInvocation(STEPS * N)
    public double gradusVectorScalarLoop() {
        for (int t = 0; t < STEPS; t++) {
            scalar.step(actions[(t >> 3) & 1]);
        }
        return scalar.observations()[0];
    }

    /** Gradus, a batch of {@value #N} (physics in the Vector-API kernel): {@value #STEPS} batch steps. */
    @Benchmark
    @OperationsPerInvocation(STEPS * N)
    public double gradusVector() {
        for (int t = 0; t < STEPS; t++) {
            vector.step(actions[(t >> 3) & 1]);
        }
        return vector.observations()[0];
    }
}
