package dev.gradus.rl.env;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * CartPole's physics step over many environments at once with the Vector API: the same operations as
 * {@link CartPole#advance} and {@link SmallAngle} in the same order, lane by lane (additions, multiplications and
 * divisions are exact IEEE operations in every lane, and no fused multiply-add is used), so every lane's result has
 * the bits of the scalar step; a test compares them. Lanes whose angle lies beyond π/4, where fdlibm would reduce the
 * argument, are left to the scalar path ({@link #step} returns how far it got). Loaded only when the JVM has the
 * {@code jdk.incubator.vector} module.
 */
final class CartPoleKernel {
    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final double S1 = -1.66666666666666324348e-01, S2 = 8.33333333332248946124e-03,
            S3 = -1.98412698298579493134e-04, S4 = 2.75573137070700676789e-06, S5 = -2.50507602534068634195e-08,
            S6 = 1.58969099521155010221e-10;
    private static final double C1 = 4.16666666666666019037e-02, C2 = -1.38888888888741095749e-03,
            C3 = 2.48015872894767294178e-05, C4 = -2.75573143513906633035e-07, C5 = 2.08757232129817482790e-09,
            C6 = -1.13596475577881948265e-11;
    /** |x| below 0.3 (fdlibm's {@code ix < 0x3FD33333}) takes cos's short form. */
    private static final double COS_SHORT = Double.longBitsToDouble(0x3FD3333300000000L);
    /** |x| above this (fdlibm's {@code ix > 0x3fe90000}) uses qx = 0.28125 in cos's long form. */
    private static final double COS_QX_CAP = Double.longBitsToDouble(0x3fe90000ffffffffL);
    /** The largest |x| the kernels take without argument reduction ({@code ix <= 0x3fe921fb}). */
    private static final double KERNEL_MAX = Double.longBitsToDouble(0x3fe921fbffffffffL);

    private CartPoleKernel() {}

    /** The lanes per vector, for descriptions. */
    static int lanes() {
        return LANES;
    }

    /**
     * Advances x, ẋ, θ, θ̇ of environments {@code 0..n-1} by one step under {@code force} (±10 per environment), whole
     * vectors at a time, stopping before the first vector that has a lane with |θ| &gt; π/4 or that would run past n;
     * returns the number of environments advanced (a multiple of the lane count).
     */
    static int step(double[] x, double[] xDot, double[] theta, double[] thetaDot, double[] force, int n) {
        final double g = CartPole.GRAVITY, mp = CartPole.MASS_POLE, total = CartPole.TOTAL_MASS;
        final double len = CartPole.LENGTH, pml = CartPole.POLEMASS_LENGTH, tau = CartPole.TAU;
        int i = 0;
        for (; i + LANES <= n; i += LANES) {
            DoubleVector th = DoubleVector.fromArray(SPECIES, theta, i);
            DoubleVector ax = th.abs();
            if (ax.compare(VectorOperators.GT, KERNEL_MAX).anyTrue()) {
                break;
            }
            DoubleVector z = th.mul(th);
            // sin: x + v (S1 + z r), v = z x, r = S2 + z (S3 + z (S4 + z (S5 + z S6)))
            DoubleVector v = z.mul(th);
            DoubleVector rs = z.mul(S6).add(S5).mul(z).add(S4).mul(z).add(S3).mul(z).add(S2);
            DoubleVector sin = th.add(v.mul(z.mul(rs).add(S1)));
            // cos: r = z (C1 + z (C2 + z (C3 + z (C4 + z (C5 + z C6)))))
            DoubleVector rc = z.mul(z.mul(z.mul(z.mul(z.mul(z.mul(C6).add(C5)).add(C4)).add(C3)).add(C2)).add(C1));
            DoubleVector zr = z.mul(rc).sub(th.mul(0.0));
            DoubleVector halfZ = z.mul(0.5);
            DoubleVector cosShort = DoubleVector.broadcast(SPECIES, 1.0).sub(halfZ.sub(zr));
            // long form: qx = x/4 by exponent (ix − 0x00200000, low word 0), or 0.28125 above 0.78125
            DoubleVector qxQuarter = ax.reinterpretAsLongs().and(0xffffffff00000000L).sub(0x0020000000000000L)
                    .reinterpretAsDoubles();
            VectorMask<Double> big = ax.compare(VectorOperators.GT, COS_QX_CAP);
            DoubleVector qx = qxQuarter.blend(0.28125, big);
            DoubleVector cosLong = DoubleVector.broadcast(SPECIES, 1.0).sub(qx).sub(halfZ.sub(qx).sub(zr));
            DoubleVector cos = cosLong.blend(cosShort, ax.compare(VectorOperators.LT, COS_SHORT));
            // The scalar kernels' tiny-argument shortcuts give the same bits: x + (v ...) rounds to x, 1 − (…) to 1.

            DoubleVector thd = DoubleVector.fromArray(SPECIES, thetaDot, i);
            DoubleVector f = DoubleVector.fromArray(SPECIES, force, i);
            DoubleVector temp = f.add(thd.mul(pml).mul(thd).mul(sin)).div(total);
            DoubleVector denom = cos.mul(mp).mul(cos).div(total).neg().add(4.0 / 3.0).mul(len);
            DoubleVector thetaAcc = sin.mul(g).sub(cos.mul(temp)).div(denom);
            DoubleVector xAcc = temp.sub(thetaAcc.mul(pml).mul(cos).div(total));
            DoubleVector px = DoubleVector.fromArray(SPECIES, x, i);
            DoubleVector pxd = DoubleVector.fromArray(SPECIES, xDot, i);
            pxd.mul(tau).add(px).intoArray(x, i);
            xAcc.mul(tau).add(pxd).intoArray(xDot, i);
            thd.mul(tau).add(th).intoArray(theta, i);
            thetaAcc.mul(tau).add(thd).intoArray(thetaDot, i);
        }
        return i;
    }
}
