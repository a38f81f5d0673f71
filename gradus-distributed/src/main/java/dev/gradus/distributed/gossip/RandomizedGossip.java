package dev.gradus.distributed.gossip;

import dev.gradus.tensor.RandomStream;

/**
 * Asynchronous randomized gossip with local gradient steps (Boyd, Ghosh, Prabhakar and Shah 2006, for the
 * averaging), on the same two Poisson clocks as {@link Dadao}: gradient events at total rate {@code n} (a uniform
 * node {@code i}: {@code x_i -= gamma_k grad f_i(x_i)}) and communication events at total rate {@code rate}
 * (a uniform edge: {@code x_i, x_j <- (x_i + x_j) / 2}). The step at a node's {@code k}-th gradient event is
 * {@code gamma / (1 + k / decay)} ({@code decay = 0}: constant). With heterogeneous {@code f_i} and a constant
 * step it stalls in an {@code O(gamma)} neighbourhood of the optimum; a decaying step reaches it sublinearly.
 */
public final class RandomizedGossip {
    private final LocalObjectives f;
    private final Topology graph;
    private final double gamma;
    private final double decay;
    private final double rate;

    /** Gossip on {@code graph} with step {@code gamma}, its decay and the communication {@code rate}. */
    public RandomizedGossip(LocalObjectives f, Topology graph, double gamma, double decay, double rate) {
        if (graph.nodes() != f.nodes() || !(gamma > 0) || !(decay >= 0) || !(rate > 0)) {
            throw new IllegalArgumentException("gossip: need a graph of the problem's " + f.nodes()
                    + " nodes, gamma > 0, decay >= 0 and rate > 0; got " + graph + ", gamma=" + gamma + ", decay="
                    + decay + ", rate=" + rate);
        }
        this.f = f;
        this.graph = graph;
        this.gamma = gamma;
        this.decay = decay;
        this.rate = rate;
    }

    /** Runs until {@code horizon} from {@code x0} at every node, recording every {@code every} time units. */
    public Trace run(double[] x0, double horizon, double every, RandomStream rng) {
        int n = f.nodes();
        int d = f.dimension();
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = x0.clone();
        }
        long[] k = new long[n];
        double[] optimum = f.optimum();
        double[] grad = new double[d];
        Trace trace = new Trace();
        long grads = 0;
        long comms = 0;
        double t = 0;
        double nextRecord = 0;
        double total = n + rate;
        while (true) {
            double dt = -Math.log(1 - rng.uniform()) / total;
            while (nextRecord <= Math.min(t + dt, horizon)) {
                trace.add(nextRecord, grads, comms, Trace.error(x, optimum));
                nextRecord += every;
            }
            t += dt;
            if (t > horizon) {
                break;
            }
            if (rng.uniform() * total < n) {
                int i = rng.nextInt(n);
                f.gradient(i, x[i], grad);
                double step = decay == 0 ? gamma : gamma / (1 + k[i] / decay);
                k[i]++;
                for (int c = 0; c < d; c++) {
                    x[i][c] -= step * grad[c];
                }
                grads++;
            } else {
                int[] e = graph.edge(rng.nextInt(graph.edgeCount()));
                for (int c = 0; c < d; c++) {
                    double avg = 0.5 * (x[e[0]][c] + x[e[1]][c]);
                    x[e[0]][c] = avg;
                    x[e[1]][c] = avg;
                }
                comms++;
            }
        }
        return trace;
    }
}
