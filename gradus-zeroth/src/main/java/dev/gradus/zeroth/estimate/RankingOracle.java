package dev.gradus.zeroth.estimate;

import dev.gradus.optim.LossFunction;
import dev.gradus.tensor.TensorMap;
import dev.gradus.zeroth.Ranks;

/**
 * An oracle that only ranks: shown {@code m} candidate points, it answers with the indices of the {@code k} best, best
 * first (an (m, k)-ranking in the sense of Tang, Rybin and Chang, ICLR 2024). A human judge, a tournament or a
 * comparison model implements it; {@link #byLoss} ranks by a loss with ties broken by index.
 */
@FunctionalInterface
public interface RankingOracle {

    /** The indices of the {@code k} best of {@code candidates}, best first. Must not modify the candidates. */
    int[] topK(TensorMap[] candidates, int k);

    /** The ranking by smallest {@code loss}; equal losses rank the earlier candidate first. */
    static RankingOracle byLoss(LossFunction loss) {
        return (candidates, k) -> {
            double[] f = new double[candidates.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = loss.value(candidates[i]);
            }
            return java.util.Arrays.copyOf(Ranks.order(f, f.length), k);
        };
    }
}
