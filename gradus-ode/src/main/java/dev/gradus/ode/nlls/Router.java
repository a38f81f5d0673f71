package dev.gradus.ode.nlls;

/**
 * A fixed router of a mixture of experts: a partition of the domain into {@link #experts()} subdomains, each point
 * belonging to exactly one. It is not learned (PI-HC-MoE uses a fixed spatial or temporal split).
 *
 * <pre>{@code
 * Router r = Router.chunks(0, 0.0, 1.0, 4);     // four equal intervals of coordinate 0 on [0, 1]
 * int k = r.expertOf(new double[] {0.6, 0.2});  // 2
 * }</pre>
 */
public interface Router {
    /** The number of subdomains. */
    int experts();

    /** The subdomain holding {@code point}, in {@code [0, experts())}. */
    int expertOf(double[] point);

    /**
     * {@code k} equal chunks of coordinate {@code axis} over {@code [lo, hi]}: point {@code p} goes to
     * {@code floor(k (p[axis] - lo) / (hi - lo))}, with {@code hi} itself in the last chunk. Points outside
     * {@code [lo, hi]} are refused.
     */
    static Router chunks(int axis, double lo, double hi, int k) {
        if (axis < 0 || k < 1 || !(hi > lo)) {
            throw new IllegalArgumentException("Router.chunks: need axis >= 0, k >= 1 and hi > lo, got axis = " + axis
                    + ", k = " + k + ", [" + lo + ", " + hi + "]");
        }
        return new Router() {
            @Override
            public int experts() {
                return k;
            }

            @Override
            public int expertOf(double[] point) {
                if (point.length <= axis) {
                    throw new IllegalArgumentException("Router.chunks: the point has " + point.length
                            + " coordinates, the router splits coordinate " + axis);
                }
                double v = point[axis];
                if (!(v >= lo && v <= hi)) {
                    throw new IllegalArgumentException("Router.chunks: coordinate " + axis + " = " + v
                            + " is outside the routed range [" + lo + ", " + hi + "]");
                }
                return Math.min(k - 1, (int) Math.floor(k * (v - lo) / (hi - lo)));
            }

            /** The chunk boundaries, for messages. */
            @Override
            public String toString() {
                return k + " chunks of coordinate " + axis + " over [" + lo + ", " + hi + "]";
            }
        };
    }

    /** The expert of each row of {@code points [p, d]}. */
    default int[] route(double[][] points) {
        int[] out = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            out[i] = expertOf(points[i]);
        }
        return out;
    }
}
