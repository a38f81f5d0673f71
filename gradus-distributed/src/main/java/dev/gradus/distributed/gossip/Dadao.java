package dev.gradus.distributed.gossip;

import dev.gradus.tensor.MatrixExponential;
import dev.gradus.tensor.RandomStream;

/**
 * DADAO: Decoupled Accelerated Decentralized Asynchronous Optimization (Nabli and Oyallon, ICML 2023; code
 * {@code AdelNabli/DADAO optimizers.py}), an event-driven simulation for {@code min_x sum_i f_i(x)} with every
 * {@code f_i} {@code L}-smooth and {@code mu}-strongly convex on a graph {@code G}.
 *
 * <p><b>Clocks.</b> Gradient events have total rate {@code n} (a uniform node); communication events total rate
 * {@code lambda_mix = sqrt(2 chi1 chi2)} (a uniform edge), with {@code chi1, chi2} of the probability Laplacian
 * ({@link Topology#chi}). Both are Poisson processes drawn from one seeded stream.
 *
 * <p><b>State.</b> Each node keeps {@code X, X~, Y, Y~, Z, Z~} (all 0 except {@code X}). With {@code nu = mu / 2}:
 * {@code alpha = 1/4 sqrt(nu/L); alpha~ = 1/8 sqrt(nu/L); eta = eta~ = 1/8 sqrt(nu/L); theta = 1/2 sqrt(L/nu);
 * beta = 1/2; beta~ = 2 chi1* sqrt(L/nu)} with {@code chi1* = chi1 / lambda_mix};
 * {@code delta = 1/4 sqrt(nu/L); delta~ = 1; gamma = 1/(4L); gamma~ = 1/(4 sqrt(L nu))}. Between its events a
 * node follows the linear ODE
 * <pre>
 *   X' = eta (X~ - X);  X~' = eta~ (X - X~);  Y' = alpha (Y~ - Y);  Y~' = -theta (nu X~ + Y + Z);
 *   Z' = alpha (Z~ - Z);  Z~' = alpha~ (Z - Z~)
 * </pre>
 * solved exactly: the stacked {@code 6 x d} block is multiplied by {@code exp(M dt)} ({@link MatrixExponential}).
 *
 * <p><b>Events</b> (after the catch-up; every right-hand side uses the values before the jump):
 * <pre>
 *   gradient at i:     q = grad f_i(X_i) - nu X_i - Y~_i;  X_i -= gamma q;  X~_i -= gamma~ q;  Y~_i += (delta + delta~) q
 *   edge (i, j):       w = (Y_i + Z_i) - (Y_j + Z_j);  Z_i -= beta w;  Z~_i -= beta~ w;  Z_j += beta w;  Z~_j += beta~ w
 * </pre>
 * The paper's time-varying graphs and stochastic variant are not implemented.
 */
public final class Dadao {
    private static final int X = 0;
    private static final int XT = 1;
    private static final int Y = 2;
    private static final int YT = 3;
    private static final int Z = 4;
    private static final int ZT = 5;

    private final LocalObjectives f;
    private final Topology graph;
    private final double smoothness;
    private final double mu;

    /** DADAO for {@code f} on {@code graph}, every {@code f_i} {@code smoothness}-smooth and {@code mu}-strongly convex. */
    public Dadao(LocalObjectives f, Topology graph, double smoothness, double mu) {
        if (graph.nodes() != f.nodes()) {
            throw new IllegalArgumentException("DADAO: the graph has " + graph.nodes() + " nodes, the problem "
                    + f.nodes());
        }
        if (!(smoothness >= mu) || !(mu > 0)) {
            throw new IllegalArgumentException("DADAO: need L >= mu > 0, got L=" + smoothness + ", mu=" + mu);
        }
        this.f = f;
        this.graph = graph;
        this.smoothness = smoothness;
        this.mu = mu;
    }

    /** The communication rate {@code lambda_mix = sqrt(2 chi1 chi2)}. */
    public double communicationRate() {
        double[] chi = graph.chi();
        return Math.sqrt(2 * chi[0] * chi[1]);
    }

    /**
     * Runs until continuous time {@code horizon}, every node's {@code X} starting at {@code x0}; records the trace
     * every {@code every} time units. The event streams come from {@code rng}.
     */
    public Trace run(double[] x0, double horizon, double every, RandomStream rng) {
        int n = f.nodes();
        int d = f.dimension();
        double[] chi = graph.chi();
        double lambdaMix = Math.sqrt(2 * chi[0] * chi[1]);
        double nu = mu / 2;
        double l = smoothness;
        double r = Math.sqrt(nu / l);
        double alpha = 0.25 * r;
        double alphaT = 0.125 * r;
        double eta = 0.125 * r;
        double etaT = 0.125 * r;
        double theta = 0.5 / r;
        double beta = 0.5;
        double betaT = 2 * (chi[0] / lambdaMix) / r;
        double delta = 0.25 * r;
        double deltaT = 1.0;
        double gamma = 1 / (4 * l);
        double gammaT = 1 / (4 * Math.sqrt(l * nu));
        double[] m = new double[36];
        m[X * 6 + X] = -eta;
        m[X * 6 + XT] = eta;
        m[XT * 6 + X] = etaT;
        m[XT * 6 + XT] = -etaT;
        m[Y * 6 + Y] = -alpha;
        m[Y * 6 + YT] = alpha;
        m[YT * 6 + XT] = -theta * nu;
        m[YT * 6 + Y] = -theta;
        m[YT * 6 + Z] = -theta;
        m[Z * 6 + Z] = -alpha;
        m[Z * 6 + ZT] = alpha;
        m[ZT * 6 + Z] = alphaT;
        m[ZT * 6 + ZT] = -alphaT;

        double[][][] s = new double[n][6][d];
        double[] last = new double[n];
        for (int i = 0; i < n; i++) {
            s[i][X] = x0.clone();
        }
        double[] optimum = f.optimum();
        Trace trace = new Trace();
        double[] grad = new double[d];
        double[] q = new double[d];
        double[] w = new double[d];
        long grads = 0;
        long comms = 0;
        double t = 0;
        double nextRecord = 0;
        double total = n + lambdaMix;
        while (true) {
            double dt = -Math.log(1 - rng.uniform()) / total;
            while (nextRecord <= Math.min(t + dt, horizon)) {
                trace.add(nextRecord, grads, comms, Trace.error(positions(s, last, nextRecord, m), optimum));
                nextRecord += every;
            }
            t += dt;
            if (t > horizon) {
                break;
            }
            if (rng.uniform() * total < n) {
                int i = rng.nextInt(n);
                catchUp(s[i], m, t - last[i]);
                last[i] = t;
                double[][] si = s[i];
                f.gradient(i, si[X], grad);
                for (int c = 0; c < d; c++) {
                    q[c] = grad[c] - nu * si[X][c] - si[YT][c];
                }
                for (int c = 0; c < d; c++) {
                    si[X][c] -= gamma * q[c];
                    si[XT][c] -= gammaT * q[c];
                    si[YT][c] += (delta + deltaT) * q[c];
                }
                grads++;
            } else {
                int[] e = graph.edge(rng.nextInt(graph.edgeCount()));
                double[][] si = s[e[0]];
                double[][] sj = s[e[1]];
                catchUp(si, m, t - last[e[0]]);
                catchUp(sj, m, t - last[e[1]]);
                last[e[0]] = t;
                last[e[1]] = t;
                for (int c = 0; c < d; c++) {
                    w[c] = si[Y][c] + si[Z][c] - sj[Y][c] - sj[Z][c];
                }
                for (int c = 0; c < d; c++) {
                    si[Z][c] -= beta * w[c];
                    si[ZT][c] -= betaT * w[c];
                    sj[Z][c] += beta * w[c];
                    sj[ZT][c] += betaT * w[c];
                }
                comms++;
            }
        }
        return trace;
    }

    /** Every node's {@code X} at time {@code t}, caught up on copies (the state is not changed). */
    private static double[][] positions(double[][][] s, double[] last, double t, double[] m) {
        double[][] x = new double[s.length][];
        for (int i = 0; i < s.length; i++) {
            double[][] copy = new double[6][];
            for (int k = 0; k < 6; k++) {
                copy[k] = s[i][k].clone();
            }
            catchUp(copy, m, t - last[i]);
            x[i] = copy[X];
        }
        return x;
    }

    /** {@code S = exp(M dt) S} for one node's stacked variables. */
    private static void catchUp(double[][] s, double[] m, double dt) {
        if (dt <= 0) {
            return;
        }
        double[] a = new double[36];
        for (int i = 0; i < 36; i++) {
            a[i] = m[i] * dt;
        }
        double[] e = MatrixExponential.of(a, 6);
        int d = s[0].length;
        double[][] out = new double[6][d];
        for (int r = 0; r < 6; r++) {
            for (int k = 0; k < 6; k++) {
                double c = e[r * 6 + k];
                if (c == 0) {
                    continue;
                }
                for (int j = 0; j < d; j++) {
                    out[r][j] += c * s[k][j];
                }
            }
        }
        for (int r = 0; r < 6; r++) {
            System.arraycopy(out[r], 0, s[r], 0, d);
        }
    }

    @Override
    public String toString() {
        return "dadao(L=" + smoothness + ", mu=" + mu + ", graph=" + graph + ")";
    }

}
