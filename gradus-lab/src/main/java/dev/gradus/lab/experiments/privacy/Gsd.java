package dev.gradus.lab.experiments.privacy;

import dev.gradus.tensor.RandomStream;

/** The genetic search of {@link PrivateGsd} (mutation + crossover on the best table, elite archive). */
final class Gsd {
    private Gsd() {}

    static double[][] fit(Queries q, double[] noisy, int rows, int generations, RandomStream rng) {
        int d = PrivateGsd.D;
        double[][] best = new double[rows][d];
        for (double[] r : best) {
            for (int j = 0; j < d; j++) {
                r[j] = rng.uniform();
            }
        }
        double[] ans = q.answers(best);
        double[][][] elite = new double[PrivateGsd.ELITE][][];
        elite[0] = copy(best);
        int nElite = 1;
        double[] delta = new double[ans.length];
        double[] trial = new double[d];
        for (int g = 0; g < generations; g++) {
            double bestGain = 0;
            int bestRow = -1;
            int bestCol = -1;
            double bestVal = 0;
            for (int c = 0; c < 2 * PrivateGsd.MUTATIONS; c++) {
                int i = rng.nextInt(rows);
                int j = rng.nextInt(d);
                double v;
                if (c < PrivateGsd.MUTATIONS) {
                    v = rng.uniform();
                } else {
                    double[][] e = elite[rng.nextInt(nElite)];
                    v = Math.min(1, Math.max(0, e[rng.nextInt(rows)][j] + 0.05 * rng.normal()));
                }
                System.arraycopy(best[i], 0, trial, 0, d);
                java.util.Arrays.fill(delta, 0);
                q.add(best[i], -1.0 / rows, delta);
                trial[j] = v;
                q.add(trial, 1.0 / rows, delta);
                double gain = 0;
                for (int k = 0; k < delta.length; k++) {
                    if (delta[k] != 0) {
                        double before = noisy[k] - ans[k];
                        double after = before - delta[k];
                        gain += before * before - after * after;
                    }
                }
                if (gain > bestGain) {
                    bestGain = gain;
                    bestRow = i;
                    bestCol = j;
                    bestVal = v;
                }
            }
            if (bestRow >= 0) {
                q.add(best[bestRow], -1.0 / rows, ans);
                best[bestRow][bestCol] = bestVal;
                q.add(best[bestRow], 1.0 / rows, ans);
                elite[g % 50 == 0 ? (nElite < elite.length ? nElite++ : g / 50 % elite.length) : 0] = copy(best);
            }
        }
        return best;
    }

    static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
