package dev.gradus.zeroth.estimate;

import dev.gradus.tensor.TensorMap;

/** The parameters of a step as one flat vector, in name order, and a scratch point to write perturbed copies into. */
final class FlatParameters {
    final TensorMap params;
    final TensorMap point;
    final double[] x;

    FlatParameters(TensorMap params) {
        this.params = params;
        this.point = params.copy();
        this.x = new double[Math.toIntExact(params.numel())];
        int o = 0;
        for (String name : params.names()) {
            double[] p = params.get(name).data();
            System.arraycopy(p, 0, x, o, p.length);
            o += p.length;
        }
    }

    int size() {
        return x.length;
    }

    /** Sets the scratch point to {@code x + scale·dir} and returns it. */
    TensorMap at(double scale, double[] dir) {
        int o = 0;
        for (String name : point.names()) {
            double[] p = point.get(name).data();
            for (int i = 0; i < p.length; i++) {
                p[i] = x[o + i] + scale * dir[o + i];
            }
            point.get(name).markModified();
            o += p.length;
        }
        return point;
    }

    /** Writes the flat vector {@code g} into {@code updates}, by name. */
    void scatter(double[] g, TensorMap updates) {
        int o = 0;
        for (String name : updates.names()) {
            double[] u = updates.get(name).data();
            System.arraycopy(g, o, u, 0, u.length);
            o += u.length;
        }
    }
}
