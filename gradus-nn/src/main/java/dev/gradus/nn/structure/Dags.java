package dev.gradus.nn.structure;

/** Graph facts about a row-major weighted adjacency matrix ({@code w[i·d + j] ≠ 0} is the edge {@code i → j}). */
public final class Dags {
    private Dags() {}

    /**
     * A topological order of the graph of {@code w} (Kahn's algorithm, smallest ready index first), or null when the
     * graph has a cycle.
     */
    public static int[] topologicalOrder(double[] w, int d) {
        if (w.length != d * d) {
            throw new IllegalArgumentException("Dags: W has " + w.length + " entries, expected " + d + " x " + d);
        }
        int[] indegree = new int[d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (w[i * d + j] != 0) {
                    indegree[j]++;
                }
            }
        }
        int[] order = new int[d];
        boolean[] done = new boolean[d];
        for (int k = 0; k < d; k++) {
            int next = -1;
            for (int j = 0; j < d && next < 0; j++) {
                if (!done[j] && indegree[j] == 0) {
                    next = j;
                }
            }
            if (next < 0) {
                return null;
            }
            done[next] = true;
            order[k] = next;
            for (int j = 0; j < d; j++) {
                if (w[next * d + j] != 0) {
                    indegree[j]--;
                }
            }
        }
        return order;
    }

    /** Whether the graph of {@code w} is acyclic. */
    public static boolean isDag(double[] w, int d) {
        return topologicalOrder(w, d) != null;
    }

    /** The number of nonzero off-diagonal entries (edges). */
    public static int edgeCount(double[] w, int d) {
        int c = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                if (i != j && w[i * d + j] != 0) {
                    c++;
                }
            }
        }
        return c;
    }
}
