package dev.gradus.distributed.gossip;

/**
 * Synchronous decentralised gradient descent (D-SGD; Nedić and Ozdaglar 2009, Lian et al. 2017): every round, each
 * node averages its neighbours' iterates with the Metropolis-Hastings weights {@code W_ij = 1 / (1 + max(deg_i,
 * deg_j))} (and {@code W_ii = 1 - sum_j W_ij}), then takes a local gradient step:
 * {@code x_i <- sum_j W_ij x_j - gamma grad f_i(x_i)}. Each round is {@code n} gradients and {@code 2|E|}
 * messages; sums run in node order, so a run is a pure function of its inputs.
 */
public final class DecentralizedSgd {
    private final LocalObjectives f;
    private final Topology graph;
    private final double gamma;

    /** D-SGD for {@code f} on {@code graph} with step {@code gamma}. */
    public DecentralizedSgd(LocalObjectives f, Topology graph, double gamma) {
        if (graph.nodes() != f.nodes() || !(gamma > 0)) {
            throw new IllegalArgumentException("D-SGD: need a graph of the problem's " + f.nodes()
                    + " nodes and gamma > 0; got " + graph + ", gamma=" + gamma);
        }
        this.f = f;
        this.graph = graph;
        this.gamma = gamma;
    }

    /** {@code rounds} rounds from {@code x0}; the trace's time is the round, recorded every round. */
    public Trace run(double[] x0, int rounds) {
        int n = f.nodes();
        int d = f.dimension();
        int[] deg = graph.degrees();
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = x0.clone();
        }
        double[] optimum = f.optimum();
        double[] grad = new double[d];
        Trace trace = new Trace();
        trace.add(0, 0, 0, Trace.error(x, optimum));
        for (int r = 1; r <= rounds; r++) {
            double[][] next = new double[n][];
            for (int i = 0; i < n; i++) {
                next[i] = x[i].clone();
            }
            for (int k = 0; k < graph.edgeCount(); k++) {
                int[] e = graph.edge(k);
                double w = 1.0 / (1 + Math.max(deg[e[0]], deg[e[1]]));
                for (int c = 0; c < d; c++) {
                    double diff = x[e[1]][c] - x[e[0]][c];
                    next[e[0]][c] += w * diff;
                    next[e[1]][c] -= w * diff;
                }
            }
            for (int i = 0; i < n; i++) {
                f.gradient(i, x[i], grad);
                for (int c = 0; c < d; c++) {
                    next[i][c] -= gamma * grad[c];
                }
            }
            x = next;
            trace.add(r, (long) r * n, (long) r * 2 * graph.edgeCount(), Trace.error(x, optimum));
        }
        return trace;
    }
}
