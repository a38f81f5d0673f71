package dev.gradus.robust.projection;

import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Euclidean projection onto a norm ball {@code B_p(c, r) = {u : ||u - c||_p <= r}}: the point of the ball closest to
 * {@code v} in L2.
 *
 * <pre>
 * L-infinity:  u_i = c_i + clip(v_i - c_i, -r, r)
 * L2:          u = c + (v - c) * min(1, r / ||v - c||_2)
 * L1:          w = v - c;  if ||w||_1 &lt;= r then u = v, else u_i = c_i + sign(w_i) max(|w_i| - theta, 0)
 *              with theta = (sum_{j &lt;= rho} mu_j - r) / rho,  mu = |w| sorted decreasingly,
 *              rho = max{ j : mu_j - (sum_{k &lt;= j} mu_k - r) / j &gt; 0 }
 * </pre>
 *
 * The L1 case is the sort-based O(n log n) algorithm of Duchi, Shalev-Shwartz, Singer &amp; Chandra, "Efficient
 * Projections onto the l1-Ball for Learning in High Dimensions", ICML 2008, Figure 1 (projection of |w| onto the
 * simplex of radius r, signs restored). The {@code rows} variants project each row of a {@code [N, ...]} tensor onto
 * its own ball around the same row of the centre. All methods write into {@code v} and return it.
 */
public enum BallProjection {
    /** The L-infinity ball (a box around the centre). */
    LINF,
    /** The Euclidean ball. */
    L2,
    /** The L1 ball (Duchi et al., 2008). */
    L1;

    /** Projects {@code v} in place onto this ball around {@code center} of radius {@code radius}; returns {@code v}. */
    public double[] project(double[] v, double[] center, double radius) {
        return project(v, center, radius, 0, v.length);
    }

    /** Projects the slice {@code [from, from + length)} of {@code v} onto the ball around the same slice of {@code center}. */
    public double[] project(double[] v, double[] center, double radius, int from, int length) {
        if (center.length != v.length || from < 0 || length < 0 || from + length > v.length) {
            throw new IllegalArgumentException(this + " projection: point has " + v.length + " entries, centre "
                    + center.length + ", slice [" + from + ", " + (from + length) + ")");
        }
        if (!(radius >= 0)) {
            throw new IllegalArgumentException(this + " projection: radius must be >= 0, got " + radius);
        }
        switch (this) {
            case LINF -> {
                for (int i = from; i < from + length; i++) {
                    double d = v[i] - center[i];
                    v[i] = center[i] + (d > radius ? radius : d < -radius ? -radius : d);
                }
            }
            case L2 -> {
                double n2 = 0;
                for (int i = from; i < from + length; i++) {
                    double d = v[i] - center[i];
                    n2 += d * d;
                }
                double n = Math.sqrt(n2);
                if (n > radius) {
                    double s = radius / n;
                    for (int i = from; i < from + length; i++) {
                        v[i] = center[i] + (v[i] - center[i]) * s;
                    }
                }
            }
            case L1 -> projectL1(v, center, radius, from, length);
        }
        return v;
    }

    /** Projects each row of {@code v} ({@code [N, ...]}) in place onto its ball around the same row of {@code center}. */
    public Tensor projectRows(Tensor v, Tensor center, double radius) {
        if (!v.sameShape(center)) {
            throw new IllegalArgumentException(this + " projection: point " + Arrays.toString(v.shape())
                    + " and centre " + Arrays.toString(center.shape()) + " differ in shape");
        }
        int rows = v.rank() == 0 ? 1 : v.dim(0);
        int width = rows == 0 ? 0 : v.size() / rows;
        for (int r = 0; r < rows; r++) {
            project(v.data(), center.data(), radius, r * width, width);
        }
        v.markModified();
        return v;
    }

    private static void projectL1(double[] v, double[] c, double r, int from, int length) {
        double norm = 0;
        for (int i = from; i < from + length; i++) {
            norm += Math.abs(v[i] - c[i]);
        }
        if (norm <= r) {
            return;
        }
        double[] mu = new double[length];
        for (int i = 0; i < length; i++) {
            mu[i] = Math.abs(v[from + i] - c[from + i]);
        }
        Arrays.sort(mu); // ascending: walk from the end for the decreasing order of the paper
        double cumulative = 0;
        double theta = 0;
        for (int j = 1; j <= length; j++) {
            double m = mu[length - j];
            cumulative += m;
            double t = (cumulative - r) / j;
            if (m - t > 0) {
                theta = t;
            } else {
                break; // the condition holds for j = 1..rho and fails after (Duchi et al., Lemma 2)
            }
        }
        for (int i = from; i < from + length; i++) {
            double d = v[i] - c[i];
            double a = Math.abs(d) - theta;
            v[i] = c[i] + (a > 0 ? Math.signum(d) * a : 0.0);
        }
    }
}
