package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.VectorApi;

/**
 * {@code n} CartPole-v1 environments in structure-of-arrays form, stepped in plain loops: the fast path for rollouts
 * and the throughput benchmark. It computes exactly what a {@link VectorEnv} of {@link CartPole}s computes (same
 * operations in the same order, same per-environment random streams for the resets, same auto-reset), which a test
 * checks bit for bit; only the bookkeeping differs (no per-step objects). When the JVM has the Vector API module
 * ({@code --add-modules jdk.incubator.vector}, which the {@code gradus} launcher adds) the physics of whole vectors of
 * environments runs in {@link CartPoleKernel}, whose lanes compute the same bits as the scalar step.
 */
public final class CartPoleVector {
    private static final boolean VECTOR = VectorApi.links(() -> CartPoleKernel.lanes() > 0);

    private final int n;
    private final int maxSteps;
    private final boolean vector;
    private final double[] x, xDot, theta, thetaDot, force;
    private final int[] elapsed;
    private final RandomStream[] rng;
    private final double[] obs;
    private boolean obsFresh;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private long episodes;

    /** {@code n} environments with CartPole-v1's time limit (500). */
    public CartPoleVector(int n) {
        this(n, 500);
    }

    /** {@code n} environments with time limit {@code maxSteps}, vectorised when the Vector API is present. */
    public CartPoleVector(int n, int maxSteps) {
        this(n, maxSteps, VECTOR);
    }

    /** As {@link #CartPoleVector(int, int)}, with the Vector-API kernel on or off ({@code vector} needs the module). */
    public CartPoleVector(int n, int maxSteps, boolean vector) {
        if (n < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("cartpole vector: needs n >= 1 and max_steps >= 1, got " + n + ", "
                    + maxSteps);
        }
        if (vector && !VECTOR) {
            throw new IllegalStateException("cartpole vector: the Vector API module is not present; start the JVM with"
                    + " --add-modules jdk.incubator.vector");
        }
        this.n = n;
        this.maxSteps = maxSteps;
        this.vector = vector;
        x = new double[n];
        xDot = new double[n];
        theta = new double[n];
        thetaDot = new double[n];
        force = new double[n];
        elapsed = new int[n];
        rng = new RandomStream[n];
        obs = new double[4 * n];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
        java.util.Arrays.fill(rewards, 1.0);
    }


    /** True when this batch steps its physics with the Vector-API kernel. */
    public boolean vectorised() {
        return vector;
    }

    /** The number of environments. */
    public int size() {
        return n;
    }

    /** Resets environment i with seed {@code seed + i}; returns the observations {@code [n × 4]} (live). */
    public double[] reset(long seed) {
        for (int i = 0; i < n; i++) {
            rng[i] = RandomStream.of(seed + i);
            start(i);
        }
        episodes = 0;
        obsFresh = false;
        return observations();
    }

    private void start(int i) {
        RandomStream r = rng[i];
        x[i] = r.uniform(-0.05, 0.05);
        xDot[i] = r.uniform(-0.05, 0.05);
        theta[i] = r.uniform(-0.05, 0.05);
        thetaDot[i] = r.uniform(-0.05, 0.05);
        elapsed[i] = 0;
    }

    /**
     * Steps every environment (action 1 pushes right, anything else left, as in Gym's {@code force_mag if action == 1
     * else -force_mag}); environments whose episode ended are reset at once.
     */
    public void step(int[] actions) {
        if (actions.length != n) {
            throw new IllegalArgumentException("cartpole vector: " + actions.length + " actions for " + n
                    + " environments");
        }
        for (int i = 0; i < n; i++) {
            force[i] = actions[i] == 1 ? CartPole.FORCE_MAG : -CartPole.FORCE_MAG;
        }
        int done = vector ? CartPoleKernel.step(x, xDot, theta, thetaDot, force, n) : 0;
        scalarPhysics(done);
        final double thetaMax = CartPole.THETA_THRESHOLD, xMax = CartPole.X_THRESHOLD;
        for (int i = 0; i < n; i++) {
            int t = ++elapsed[i];
            double nx = x[i];
            double nth = theta[i];
            boolean term = nx < -xMax || nx > xMax || nth < -thetaMax || nth > thetaMax;
            boolean trunc = !term && t >= maxSteps;
            terminated[i] = term;
            truncated[i] = trunc;
            if (term || trunc) {
                episodes++;
                start(i);
            }
        }
        obsFresh = false;
    }

    /** {@link CartPole#advance}'s physics for environments {@code from..n-1}. */
    private void scalarPhysics(int from) {
        final double g = CartPole.GRAVITY, mp = CartPole.MASS_POLE, total = CartPole.TOTAL_MASS;
        final double len = CartPole.LENGTH, pml = CartPole.POLEMASS_LENGTH, tau = CartPole.TAU;
        for (int i = from; i < n; i++) {
            double th = theta[i], thDot = thetaDot[i];
            double cos = SmallAngle.cos(th);
            double sin = SmallAngle.sin(th);
            double temp = (force[i] + pml * thDot * thDot * sin) / total;
            double thetaAcc = (g * sin - cos * temp) / (len * (4.0 / 3.0 - mp * cos * cos / total));
            double xAcc = temp - pml * thetaAcc * cos / total;
            double xd = xDot[i];
            x[i] = x[i] + tau * xd;
            xDot[i] = xd + tau * xAcc;
            theta[i] = th + tau * thDot;
            thetaDot[i] = thDot + tau * thetaAcc;
        }
    }

    /** The current observations {@code [n × 4]} (x, ẋ, θ, θ̇ per row; live, rewritten after each step on demand). */
    public double[] observations() {
        if (!obsFresh) {
            for (int i = 0; i < n; i++) {
                int o = 4 * i;
                obs[o] = x[i];
                obs[o + 1] = xDot[i];
                obs[o + 2] = theta[i];
                obs[o + 3] = thetaDot[i];
            }
            obsFresh = true;
        }
        return obs;
    }

    /** The last step's rewards (live): 1 for every step, the terminating one included. */
    public double[] rewards() {
        return rewards;
    }

    /** The last step's terminated flags (live). */
    public boolean[] terminated() {
        return terminated;
    }

    /** The last step's truncated flags (live). */
    public boolean[] truncated() {
        return truncated;
    }

    /** The episodes finished since {@link #reset(long)}. */
    public long episodes() {
        return episodes;
    }
}
