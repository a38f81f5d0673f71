package dev.gradus.rl.env;

import dev.gradus.tensor.RandomStream;

/**
 * {@code n} CartPole-v1 environments in structure-of-arrays form, stepped in one plain loop: the fast path for
 * rollouts and the throughput benchmark. It computes exactly what a {@link VectorEnv} of {@link CartPole}s computes
 * (same operations in the same order, same per-environment random streams for the resets, same auto-reset), which a
 * test checks bit for bit; only the bookkeeping differs (no per-step objects).
 */
public final class CartPoleVector {
    private final int n;
    private final int maxSteps;
    private final double[] x, xDot, theta, thetaDot;
    private final int[] elapsed;
    private final RandomStream[] rng;
    private final double[] obs;
    private final double[] rewards;
    private final boolean[] terminated;
    private final boolean[] truncated;
    private long episodes;

    /** {@code n} environments with CartPole-v1's time limit (500). */
    public CartPoleVector(int n) {
        this(n, 500);
    }

    /** {@code n} environments with time limit {@code maxSteps}. */
    public CartPoleVector(int n, int maxSteps) {
        if (n < 1 || maxSteps < 1) {
            throw new IllegalArgumentException("cartpole vector: needs n >= 1 and max_steps >= 1, got " + n + ", "
                    + maxSteps);
        }
        this.n = n;
        this.maxSteps = maxSteps;
        x = new double[n];
        xDot = new double[n];
        theta = new double[n];
        thetaDot = new double[n];
        elapsed = new int[n];
        rng = new RandomStream[n];
        obs = new double[4 * n];
        rewards = new double[n];
        terminated = new boolean[n];
        truncated = new boolean[n];
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
        return obs;
    }

    private void start(int i) {
        RandomStream r = rng[i];
        x[i] = r.uniform(-0.05, 0.05);
        xDot[i] = r.uniform(-0.05, 0.05);
        theta[i] = r.uniform(-0.05, 0.05);
        thetaDot[i] = r.uniform(-0.05, 0.05);
        elapsed[i] = 0;
        write(i);
    }

    private void write(int i) {
        int o = 4 * i;
        obs[o] = x[i];
        obs[o + 1] = xDot[i];
        obs[o + 2] = theta[i];
        obs[o + 3] = thetaDot[i];
    }

    /**
     * Steps every environment (action 1 pushes right, anything else left, as in Gym's {@code force_mag if action == 1
     * else -force_mag}); environments whose episode ended are reset at once.
     */
    public void step(int[] actions) {
        final double g = CartPole.GRAVITY, mp = CartPole.MASS_POLE, total = CartPole.TOTAL_MASS;
        final double len = CartPole.LENGTH, pml = CartPole.POLEMASS_LENGTH, tau = CartPole.TAU;
        final double thetaMax = CartPole.THETA_THRESHOLD, xMax = CartPole.X_THRESHOLD;
        for (int i = 0; i < n; i++) {
            double force = actions[i] == 1 ? CartPole.FORCE_MAG : -CartPole.FORCE_MAG;
            double th = theta[i], thDot = thetaDot[i];
            double cos = SmallAngle.cos(th);
            double sin = SmallAngle.sin(th);
            double temp = (force + pml * thDot * thDot * sin) / total;
            double thetaAcc = (g * sin - cos * temp) / (len * (4.0 / 3.0 - mp * cos * cos / total));
            double xAcc = temp - pml * thetaAcc * cos / total;
            double nx = x[i] + tau * xDot[i];
            double nxDot = xDot[i] + tau * xAcc;
            double nth = th + tau * thDot;
            double nthDot = thDot + tau * thetaAcc;
            x[i] = nx;
            xDot[i] = nxDot;
            theta[i] = nth;
            thetaDot[i] = nthDot;
            int t = ++elapsed[i];
            boolean term = nx < -xMax || nx > xMax || nth < -thetaMax || nth > thetaMax;
            boolean trunc = !term && t >= maxSteps;
            rewards[i] = 1.0;
            terminated[i] = term;
            truncated[i] = trunc;
            if (term || trunc) {
                episodes++;
                start(i);
            } else {
                write(i);
            }
        }
    }

    /** The current observations {@code [n × 4]} (live). */
    public double[] observations() {
        return obs;
    }

    /** The last step's rewards (live). */
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
