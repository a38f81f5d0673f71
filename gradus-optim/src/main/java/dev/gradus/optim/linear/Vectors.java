package dev.gradus.optim.linear;

/** The dot product and norm the solvers share, as plain loops. */
final class Vectors {
    private Vectors() {}

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static void check(String who, LinearOperator a, double[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException(who + ": the operator and the right-hand side must not be null");
        }
        if (b.length != a.size()) {
            throw new IllegalArgumentException(who + ": b has length " + b.length + " but the operator has size "
                    + a.size());
        }
    }
}
