package dev.gradus.rl.env;

import java.util.Arrays;

/**
 * What an environment accepts as an action: {@code n} discrete choices ({@code Discrete(n)} in Gym), or a box of
 * {@code low.length} real numbers between {@code low} and {@code high} ({@code Box(low, high)}).
 *
 * @param n the number of discrete actions, or 0 for a box
 * @param low the lower bounds of a box (empty for discrete spaces)
 * @param high the upper bounds of a box (empty for discrete spaces)
 */
public record ActionSpace(int n, double[] low, double[] high) {

    public ActionSpace {
        if (n < 0 || low.length != high.length || (n == 0) == (low.length == 0)) {
            throw new IllegalArgumentException("action space: give either n > 0 discrete actions or a non-empty box, got n="
                    + n + ", box of " + low.length);
        }
        low = low.clone();
        high = high.clone();
    }

    /** {@code n} discrete actions 0..n-1. */
    public static ActionSpace discrete(int n) {
        return new ActionSpace(n, new double[0], new double[0]);
    }

    /** A box of real actions. */
    public static ActionSpace box(double[] low, double[] high) {
        return new ActionSpace(0, low, high);
    }

    /** True for discrete actions. */
    public boolean isDiscrete() {
        return n > 0;
    }

    /** The number of real numbers in one action: 1 for a discrete index, the box's size otherwise. */
    public int dim() {
        return isDiscrete() ? 1 : low.length;
    }

    /** Refuses a discrete action outside 0..n-1 with a message naming the environment. */
    public void check(String env, int action) {
        if (!isDiscrete()) {
            throw new IllegalArgumentException(env + ": takes a box of " + low.length + " real actions, not an index");
        }
        if (action < 0 || action >= n) {
            throw new IllegalArgumentException(env + ": action " + action + " is not in 0.." + (n - 1));
        }
    }

    /** Refuses a real action of the wrong size or with a non-finite entry. */
    public void check(String env, double[] action) {
        if (isDiscrete()) {
            throw new IllegalArgumentException(env + ": takes a discrete action in 0.." + (n - 1) + ", not a box");
        }
        if (action.length != low.length) {
            throw new IllegalArgumentException(env + ": expected an action of " + low.length + " numbers, got "
                    + action.length);
        }
        for (double a : action) {
            if (!Double.isFinite(a)) {
                throw new IllegalArgumentException(env + ": action " + Arrays.toString(action) + " is not finite");
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActionSpace s && n == s.n && Arrays.equals(low, s.low) && Arrays.equals(high, s.high);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * n + Arrays.hashCode(low)) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return isDiscrete() ? "Discrete(" + n + ")" : "Box(" + Arrays.toString(low) + ", " + Arrays.toString(high) + ")";
    }
}
