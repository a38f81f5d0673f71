package dev.gradus.lab.experiments.privacy;

import dev.gradus.tensor.RandomStream;

/**
 * The RAP++-style baseline of {@link PrivateGsd}: indicators {@code 1[x < tau]} relaxed to
 * {@code sigma((tau - x) / temp)}, temp annealed geometrically from 0.1 to 0.005, Adam (lr 0.01) on
 * {@code sum_q (a_q - q~(D'))^2}, cells clipped to [0, 1].
 */
final class RelaxedProjection {
    private RelaxedProjection() {}

    static double[][] fit(Queries q, double[] noisy, int rows, int steps, RandomStream rng) {
        int d = PrivateGsd.D;
        int m = q.size();
        int n1 = q.t1.length;
        int n2 = q.t2.length;
        double[][] x = new double[rows][d];
        for (double[] r : x) {
            for (int j = 0; j < d; j++) {
                r[j] = rng.uniform();
            }
        }
        double[][] mom = new double[rows][d];
        double[][] vel = new double[rows][d];
        double[] ans = new double[m];
        double[] resid = new double[m];
        double[][] s1 = new double[d][n1];
        double[][] s2 = new double[d][n2];
        double[][] g1 = new double[d][n1];
        double[][] g2 = new double[d][n2];
        double[][] grad = new double[rows][d];
        double lr = 0.01;
        for (int step = 1; step <= steps; step++) {
            double temp = 0.1 * Math.pow(0.005 / 0.1, (step - 1.0) / Math.max(1, steps - 1));
            java.util.Arrays.fill(ans, 0);
            for (double[] r : x) {
                relaxed(q, r, temp, s1, s2, g1, g2);
                int k = 0;
                for (int j = 0; j < d; j++) {
                    for (int a = 0; a < n1; a++) {
                        ans[k++] += s1[j][a] / rows;
                    }
                }
                for (int j = 0; j < d; j++) {
                    for (int l = j + 1; l < d; l++) {
                        for (int a = 0; a < n2; a++) {
                            for (int b = 0; b < n2; b++) {
                                ans[k++] += s2[j][a] * s2[l][b] / rows;
                            }
                        }
                    }
                }
            }
            for (int k = 0; k < m; k++) {
                resid[k] = 2 * (ans[k] - noisy[k]) / rows;
            }
            for (int i = 0; i < rows; i++) {
                double[] r = x[i];
                relaxed(q, r, temp, s1, s2, g1, g2);
                java.util.Arrays.fill(grad[i], 0);
                int k = 0;
                for (int j = 0; j < d; j++) {
                    for (int a = 0; a < n1; a++) {
                        grad[i][j] += resid[k++] * g1[j][a];
                    }
                }
                for (int j = 0; j < d; j++) {
                    for (int l = j + 1; l < d; l++) {
                        for (int a = 0; a < n2; a++) {
                            for (int b = 0; b < n2; b++) {
                                grad[i][j] += resid[k] * g2[j][a] * s2[l][b];
                                grad[i][l] += resid[k] * s2[j][a] * g2[l][b];
                                k++;
                            }
                        }
                    }
                }
            }
            double c1 = 1 - Math.pow(0.9, step);
            double c2 = 1 - Math.pow(0.999, step);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < d; j++) {
                    double g = grad[i][j];
                    mom[i][j] = 0.9 * mom[i][j] + 0.1 * g;
                    vel[i][j] = 0.999 * vel[i][j] + 0.001 * g * g;
                    double v = x[i][j] - lr * (mom[i][j] / c1) / (Math.sqrt(vel[i][j] / c2) + 1e-8);
                    x[i][j] = Math.min(1, Math.max(0, v));
                }
            }
        }
        return x;
    }

    /** Relaxed indicators sigma((tau - x)/temp) and their x-derivatives for one row. */
    private static void relaxed(Queries q, double[] r, double temp, double[][] s1, double[][] s2, double[][] g1,
            double[][] g2) {
        for (int j = 0; j < r.length; j++) {
            for (int a = 0; a < q.t1.length; a++) {
                double s = 1 / (1 + Math.exp(-(q.t1[a] - r[j]) / temp));
                s1[j][a] = s;
                g1[j][a] = -s * (1 - s) / temp;
            }
            for (int a = 0; a < q.t2.length; a++) {
                double s = 1 / (1 + Math.exp(-(q.t2[a] - r[j]) / temp));
                s2[j][a] = s;
                g2[j][a] = -s * (1 - s) / temp;
            }
        }
    }
}
