package dev.gradus.rl.env;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradus.tensor.RandomStream;
import org.junit.jupiter.api.Test;

class VectorEnvTest {

    @Test
    void fastCartPoleEqualsABatchOfCartPolesBitForBit() {
        assertThat(new CartPoleVector(3).vectorised()).as("the tests run with the Vector API module").isTrue();
        for (boolean vector : new boolean[] {false, true}) {
            fastEqualsSlow(7, vector);
            fastEqualsSlow(33, vector);
        }
    }

    private static void fastEqualsSlow(int n, boolean vector) {
        VectorEnv slow = new VectorEnv(EnvFactory.parse("cartpole(max_steps=60)"), n);
        CartPoleVector fast = new CartPoleVector(n, 60, vector);
        assertThat(fast.reset(11)).containsExactly(slow.reset(11));
        RandomStream actions = RandomStream.of(5);
        int[] a = new int[n];
        long episodes = 0;
        for (int t = 0; t < 400; t++) {
            for (int i = 0; i < n; i++) {
                a[i] = actions.nextInt(2);
            }
            slow.step(a);
            fast.step(a);
            assertThat(fast.observations()).containsExactly(slow.observations());
            assertThat(fast.terminated()).containsExactly(slow.terminated());
            assertThat(fast.truncated()).containsExactly(slow.truncated());
            assertThat(fast.rewards()).containsExactly(slow.rewards());
            episodes += slow.drainEpisodes().size();
        }
        assertThat(fast.episodes()).isEqualTo(episodes).isGreaterThan(20);
    }

    /** The Vector-API kernel's lanes against the scalar CartPole step, over angles of every cos branch. */
    @Test
    void theKernelsLanesHaveTheScalarStepsBits() {
        RandomStream r = RandomStream.of(12);
        int n = 4096;
        double[] x = new double[n], xd = new double[n], th = new double[n], thd = new double[n], f = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.uniform(-2.4, 2.4);
            xd[i] = r.uniform(-3, 3);
            th[i] = i % 97 == 0 ? r.uniform(-1e-9, 1e-9) : r.uniform(-0.785, 0.785);
            thd[i] = r.uniform(-4, 4);
            f[i] = r.nextInt(2) == 1 ? 10.0 : -10.0;
        }
        double[][] expect = new double[n][];
        for (int i = 0; i < n; i++) {
            CartPole one = new CartPole(500, true);
            one.setPhysicalState(x[i], xd[i], th[i], thd[i]);
            one.step(f[i] > 0 ? 1 : 0);
            expect[i] = one.physicalState();
        }
        int done = CartPoleKernel.step(x, xd, th, thd, f, n);
        assertThat(done).isEqualTo(n - n % CartPoleKernel.lanes());
        for (int i = 0; i < done; i++) {
            assertThat(new double[] {x[i], xd[i], th[i], thd[i]}).as("environment %d", i).containsExactly(expect[i]);
        }
        double[] big = {0.1, 0.2, 0.9, 0.3, 0.1, 0.2, 0.3, 0.4};
        assertThat(CartPoleKernel.step(big.clone(), big.clone(), big.clone(), big.clone(), big.clone(), 8))
                .as("a vector with an angle past pi/4 is left to the scalar path").isZero();
    }

    @Test
    void autoResetKeepsTheFinalObservationAndTheEpisodeStatistics() {
        VectorEnv v = new VectorEnv(EnvFactory.parse("pendulum(max_steps=5)"), 2);
        v.reset(0);
        double[] zero = {0.0, 0.0};
        for (int t = 0; t < 4; t++) {
            v.step(zero);
            assertThat(v.truncated()).containsExactly(false, false);
        }
        Pendulum twin = new Pendulum(5, 10.0);
        twin.reset(1);
        Step last = null;
        for (int t = 0; t < 5; t++) {
            last = twin.step(new double[] {0.0});
        }
        v.step(zero);
        assertThat(v.truncated()).containsExactly(true, true);
        assertThat(v.finalObservation(1)).containsExactly(last.observation());
        assertThat(v.drainEpisodes()).extracting(VectorEnv.Episode::length).containsExactly(5, 5);
    }

    @Test
    void savedStateContinuesBitForBit() {
        for (String spec : new String[] {"cartpole", "acrobot", "mountain_car_continuous", "maze(rows=5, cols=5)",
            "random_mdp(states=6, actions=3)", "lqr"}) {
            VectorEnv a = new VectorEnv(EnvFactory.parse(spec), 3);
            a.reset(42);
            RandomStream r = RandomStream.of(1);
            drive(a, r, 37);
            VectorEnv.State saved = (VectorEnv.State) dev.gradus.optim.state.StateTree.copy(a.state());
            RandomStream rCopy = r.copy();
            drive(a, r, 50);
            VectorEnv b = new VectorEnv(EnvFactory.parse(spec), 3);
            b.restore(saved);
            drive(b, rCopy, 50);
            assertThat(b.observations()).as(spec).containsExactly(a.observations());
        }
    }

    private static void drive(VectorEnv v, RandomStream r, int steps) {
        ActionSpace s = v.actionSpace();
        for (int t = 0; t < steps; t++) {
            if (s.isDiscrete()) {
                int[] a = new int[v.size()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.nextInt(s.n());
                }
                v.step(a);
            } else {
                double[] a = new double[v.size() * s.dim()];
                for (int i = 0; i < a.length; i++) {
                    a[i] = r.uniform(-1, 1);
                }
                v.step(a);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameEpisodes() {
        VectorEnv a = new VectorEnv(EnvFactory.parse("mountain_car"), 4);
        VectorEnv b = new VectorEnv(EnvFactory.parse("mountain_car"), 4);
        assertThat(a.reset(9)).containsExactly(b.reset(9));
        drive(a, RandomStream.of(3), 300);
        drive(b, RandomStream.of(3), 300);
        assertThat(a.observations()).containsExactly(b.observations());
    }
}
