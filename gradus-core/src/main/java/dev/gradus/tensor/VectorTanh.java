package dev.gradus.tensor;

import static dev.gradus.tensor.TanhKernel.INV_FACTORIAL;
import static dev.gradus.tensor.TanhKernel.LN2_HI;
import static dev.gradus.tensor.TanhKernel.LN2_LO;
import static dev.gradus.tensor.TanhKernel.LOG2E;
import static dev.gradus.tensor.TanhKernel.P0;
import static dev.gradus.tensor.TanhKernel.P1;
import static dev.gradus.tensor.TanhKernel.P2;
import static dev.gradus.tensor.TanhKernel.Q0;
import static dev.gradus.tensor.TanhKernel.Q1;
import static dev.gradus.tensor.TanhKernel.Q2;
import static dev.gradus.tensor.TanhKernel.ROUNDER;
import static dev.gradus.tensor.TanhKernel.SATURATED;
import static dev.gradus.tensor.TanhKernel.SMALL;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link TanhKernel}'s algorithm on whole vectors: both branches are computed for every lane and blended, so
 * there is no branch to mispredict (one division serves both: each lane divides the numerator and denominator
 * of its own branch, which is the division the scalar function makes). Only exactly rounded operations are used (add, multiply, divide, fused
 * multiply-add, bit moves), never the Vector API's transcendental functions, whose results may differ between
 * the interpreter and compiled code; so every lane gives the bits of {@link TanhKernel#tanh(double)}.
 *
 * <p>Links against {@code jdk.incubator.vector}; {@link TanhKernel} uses it only when that module is present.
 */
final class VectorTanh {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final long ROUNDER_BITS = Double.doubleToRawLongBits(ROUNDER);
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0), TWO = DoubleVector.broadcast(SPECIES, 2.0);
    private static final DoubleVector LN2_HI_V = DoubleVector.broadcast(SPECIES, LN2_HI);
    private static final DoubleVector LN2_LO_V = DoubleVector.broadcast(SPECIES, LN2_LO);
    private static final DoubleVector C0 = c(0), C1 = c(1), C2 = c(2), C3 = c(3), C4 = c(4), C5 = c(5), C6 = c(6),
            C7 = c(7), C8 = c(8), C9 = c(9), C10 = c(10), C11 = c(11), C12 = c(12), C13 = c(13);

    private static DoubleVector c(int k) {
        return DoubleVector.broadcast(SPECIES, INV_FACTORIAL[k]);
    }

    private VectorTanh() {}

    static int lanes() {
        return SPECIES.length();
    }

    /** Whole vectors of {@code out[o + i] = tanh(x[from + i])}; returns how many elements it did. */
    static int tanh(double[] x, int from, double[] out, int o, int n) {
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, x, from + i);
            DoubleVector z = v.abs();
            // |x| < 0.625: the rational form
            DoubleVector s = v.mul(v);
            DoubleVector p = s.mul(P0).add(P1).mul(s).add(P2);
            DoubleVector q = s.add(Q0).mul(s).add(Q1).mul(s).add(Q2);
            // |x| >= 0.625: 1 - 2 / (e^(2|x|) + 1), e^w = 2^n e^r
            DoubleVector w = z.add(z).min(2 * SATURATED);
            DoubleVector t = w.mul(LOG2E).add(ROUNDER);
            DoubleVector nf = t.sub(ROUNDER);
            DoubleVector r = nf.neg().fma(LN2_HI_V, w);
            r = nf.neg().fma(LN2_LO_V, r);
            DoubleVector e = C13.fma(r, C12).fma(r, C11).fma(r, C10).fma(r, C9).fma(r, C8).fma(r, C7).fma(r, C6)
                    .fma(r, C5).fma(r, C4).fma(r, C3).fma(r, C2).fma(r, C1).fma(r, C0);
            LongVector bits = t.reinterpretAsLongs().sub(ROUNDER_BITS).add(1023).lanewise(VectorOperators.LSHL, 52);
            DoubleVector denominatorBig = e.mul(bits.reinterpretAsDoubles()).add(1.0);
            // one division serves both branches: p / q where |x| < 0.625, 2 / (e^(2|x|) + 1) elsewhere
            VectorMask<Double> large = z.compare(VectorOperators.GE, SMALL);
            DoubleVector d = p.blend(TWO, large).div(q.blend(denominatorBig, large));
            DoubleVector small = v.add(v.mul(s).mul(d));
            DoubleVector big = ONE.sub(d);
            VectorMask<Double> negative = v.lt(0.0);
            big = big.blend(big.neg(), negative);
            big = big.blend(ONE.blend(ONE.neg(), negative), z.compare(VectorOperators.GT, SATURATED));
            DoubleVector res = small.blend(big, large);
            res = res.blend(v, z.eq(0.0));
            res.intoArray(out, o + i);
        }
        return bound;
    }
}
