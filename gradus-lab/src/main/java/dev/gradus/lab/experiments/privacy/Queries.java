package dev.gradus.lab.experiments.privacy;

/** The threshold queries of {@link PrivateGsd}: 1-D thresholds per attribute, then 2-D thresholds per attribute pair. */
final class Queries {
    final double[] t1 = new double[PrivateGsd.T1];
    final double[] t2 = new double[PrivateGsd.T2];

    Queries() {
        for (int k = 0; k < t1.length; k++) {
            t1[k] = (k + 1.0) / (t1.length + 1);
        }
        for (int k = 0; k < t2.length; k++) {
            t2[k] = (k + 1.0) / (t2.length + 1);
        }
    }

    int size() {
        int d = PrivateGsd.D;
        return d * t1.length + d * (d - 1) / 2 * t2.length * t2.length;
    }

    /** Adds {@code w} times row {@code r}'s indicator vector to {@code out}. */
    void add(double[] r, double w, double[] out) {
        int d = PrivateGsd.D;
        int q = 0;
        for (int j = 0; j < d; j++) {
            for (double tau : t1) {
                if (r[j] < tau) {
                    out[q] += w;
                }
                q++;
            }
        }
        for (int j = 0; j < d; j++) {
            for (int k = j + 1; k < d; k++) {
                for (double a : t2) {
                    for (double b : t2) {
                        if (r[j] < a && r[k] < b) {
                            out[q] += w;
                        }
                        q++;
                    }
                }
            }
        }
    }

    double[] answers(double[][] x) {
        double[] out = new double[size()];
        for (double[] r : x) {
            add(r, 1.0 / x.length, out);
        }
        return out;
    }
}
