package dev.gradus.nn.graph;

import dev.gradus.tensor.RandomStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The community-small data set of GraphRNN and GDSS, generated from a seed: graphs of two Erdős–Rényi
 * communities. As in GDSS's generator ({@code data/data_generators.py}, after Niu et al. 2020): a total size
 * {@code m} uniform on {@code 12..20}, two communities of {@code ⌊m/2⌋} nodes each with edge probability 0.7
 * inside, and each cross pair bridged with probability {@code 2·p_inter / ⌊m/2⌋}, {@code p_inter = 0.05}; when
 * no bridge is drawn, one bridge joins the first node of each community. (GDSS bridges between connected
 * components, which are the two communities unless one of them is disconnected, rare at {@code p = 0.7}.)
 */
public final class CommunityGraphs {
    /** Edge probability inside a community. */
    public static final double P_INTRA = 0.7;
    /** GDSS's {@code p_inter}. */
    public static final double P_INTER = 0.05;

    private CommunityGraphs() {}

    /** {@code count} community-small graphs (sizes 12 to 20). */
    public static List<DenseGraph> communitySmall(int count, RandomStream rng) {
        if (count < 1) {
            throw new IllegalArgumentException("CommunityGraphs: count must be at least 1, got " + count);
        }
        List<DenseGraph> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            int m = 12 + rng.nextInt(9);
            out.add(twoCommunities(m / 2, P_INTRA, P_INTER, rng));
        }
        return out;
    }

    /**
     * Two communities of {@code size} nodes each (nodes {@code 0..size-1} and {@code size..2·size-1}), edge
     * probability {@code pIntra} inside, bridge probability {@code 2·pInter/size} per cross pair, at least one
     * bridge.
     */
    public static DenseGraph twoCommunities(int size, double pIntra, double pInter, RandomStream rng) {
        if (size < 1) {
            throw new IllegalArgumentException("CommunityGraphs: community size must be at least 1, got " + size);
        }
        if (!(pIntra >= 0 && pIntra <= 1) || !(pInter >= 0 && 2 * pInter / size <= 1)) {
            throw new IllegalArgumentException("CommunityGraphs: probabilities must lie in [0, 1], got pIntra="
                    + pIntra + ", bridge probability " + 2 * pInter / size);
        }
        int n = 2 * size;
        double[] a = new double[n * n];
        for (int c = 0; c < 2; c++) {
            int o = c * size;
            for (int i = 0; i < size; i++) {
                for (int j = i + 1; j < size; j++) {
                    if (rng.uniform() < pIntra) {
                        a[(o + i) * n + o + j] = 1.0;
                        a[(o + j) * n + o + i] = 1.0;
                    }
                }
            }
        }
        double bridge = 2 * pInter / size;
        boolean any = false;
        for (int i = 0; i < size; i++) {
            for (int j = size; j < n; j++) {
                if (rng.uniform() < bridge) {
                    a[i * n + j] = 1.0;
                    a[j * n + i] = 1.0;
                    any = true;
                }
            }
        }
        if (!any) {
            a[size] = 1.0;
            a[size * n] = 1.0;
        }
        return DenseGraph.of(n, a);
    }
}
