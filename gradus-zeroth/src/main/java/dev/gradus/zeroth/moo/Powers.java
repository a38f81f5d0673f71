package dev.gradus.zeroth.moo;

/**
 * {@code x^e} for the variation operators: by repeated squaring when {@code e} is a whole number of at most 64 in
 * size (the distribution indices are usually integers, and {@link StrictMath#pow} dominated NSGA-II's run time),
 * else {@link StrictMath#pow}. Both are deterministic on every JVM.
 */
final class Powers {
    private Powers() {}

    static double pow(double x, double e) {
        if (e == Math.rint(e) && Math.abs(e) <= 64) {
            long k = (long) Math.abs(e);
            double result = 1;
            double base = x;
            while (k > 0) {
                if ((k & 1) != 0) {
                    result *= base;
                }
                base *= base;
                k >>= 1;
            }
            return e < 0 ? 1 / result : result;
        }
        return StrictMath.pow(x, e);
    }
}
