package dev.gradus.nn;

import dev.gradus.tensor.RandomStream;
import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Fills a parameter tensor in place with initial values drawn from a seeded {@link RandomStream}. The
 * built-in initialisers mark the tensor modified ({@link Tensor#markModified()}), so re-initialising a live
 * parameter invalidates graphs that read its old values; a custom one that writes through {@code data()}
 * should do the same.
 *
 * <p>The factories follow {@code torch.nn.init}: same names, same defaults, same formulas. Values are
 * drawn in row-major order, one draw per element, so a given stream position always gives the same
 * tensor. Fans follow PyTorch's convention for a weight of shape {@code [out, in, k1, k2, ...]}:
 * {@code fan_in = in * k1 * k2 ...} and {@code fan_out = out * k1 * k2 ...}.
 *
 * <pre>{@code
 * RandomStream rng = RandomStream.of(42);
 * Tensor w = Tensor.zeros(256, 784);
 * Initializer.kaimingNormal(FanMode.FAN_IN, Nonlinearity.RELU).initialize(w, rng);  // std sqrt(2/784)
 * }</pre>
 */
@FunctionalInterface
public interface Initializer {

    /** Overwrites every element of {@code tensor}, drawing from {@code rng}. */
    void initialize(Tensor tensor, RandomStream rng);

    /** A new tensor of {@code shape}, initialised by this, drawing from {@code rng}. */
    default Tensor tensor(RandomStream rng, int... shape) {
        Tensor t = Tensor.zeros(shape);
        initialize(t, rng);
        return t;
    }

    /** All zeros (draws nothing). */
    static Initializer zeros() {
        return constant(0.0);
    }

    /** All ones (draws nothing). */
    static Initializer ones() {
        return constant(1.0);
    }

    /** Every element set to {@code value} (draws nothing). */
    static Initializer constant(double value) {
        return (t, rng) -> t.fill(value);
    }

    /** Uniform on {@code [lo, hi)}. */
    static Initializer uniform(double lo, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("uniform init: need lo <= hi, got [" + lo + ", " + hi + ")");
        }
        return (t, rng) -> {
            rng.fillUniform(t.data(), lo, hi);
            t.markModified();
        };
    }

    /** Normal with the given mean and standard deviation. */
    static Initializer normal(double mean, double std) {
        requireNonNegative("normal init", "std", std);
        return (t, rng) -> {
            double[] d = t.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = rng.normal(mean, std);
            }
            t.markModified();
        };
    }

    /** Xavier/Glorot uniform: bound {@code gain * sqrt(6 / (fan_in + fan_out))}. */
    static Initializer xavierUniform(double gain) {
        return (t, rng) -> {
            long[] f = fans("xavierUniform", t);
            double bound = Math.sqrt(3.0) * gain * Math.sqrt(2.0 / (f[0] + f[1]));
            rng.fillUniform(t.data(), -bound, bound);
            t.markModified();
        };
    }

    /** Xavier/Glorot normal: std {@code gain * sqrt(2 / (fan_in + fan_out))}. */
    static Initializer xavierNormal(double gain) {
        return (t, rng) -> {
            long[] f = fans("xavierNormal", t);
            normal(0.0, gain * Math.sqrt(2.0 / (f[0] + f[1]))).initialize(t, rng);
        };
    }

    /**
     * Kaiming/He uniform: bound {@code sqrt(3) * gain / sqrt(fan)} with {@code gain =
     * nonlinearity.gain(a)}. PyTorch's defaults are {@code a = 0, FAN_IN, LEAKY_RELU}.
     */
    static Initializer kaimingUniform(double a, FanMode mode, Nonlinearity nonlinearity) {
        return (t, rng) -> {
            double bound = Math.sqrt(3.0) * nonlinearity.gain(a) / Math.sqrt(fan("kaimingUniform", t, mode));
            rng.fillUniform(t.data(), -bound, bound);
            t.markModified();
        };
    }

    /** Kaiming/He normal: std {@code gain / sqrt(fan)} with {@code gain = nonlinearity.gain(a)}. */
    static Initializer kaimingNormal(double a, FanMode mode, Nonlinearity nonlinearity) {
        return (t, rng) -> {
            double std = nonlinearity.gain(a) / Math.sqrt(fan("kaimingNormal", t, mode));
            normal(0.0, std).initialize(t, rng);
        };
    }

    /** Kaiming normal for the given fan mode and nonlinearity (slope 0). */
    static Initializer kaimingNormal(FanMode mode, Nonlinearity nonlinearity) {
        return kaimingNormal(0.0, mode, nonlinearity);
    }

    /** Kaiming uniform for the given fan mode and nonlinearity (slope 0). */
    static Initializer kaimingUniform(FanMode mode, Nonlinearity nonlinearity) {
        return kaimingUniform(0.0, mode, nonlinearity);
    }

    /**
     * PyTorch's default weight initialisation for {@code Linear} and {@code Conv2d}:
     * {@code kaiming_uniform_(w, a=sqrt(5))}, which is uniform on {@code [-1/sqrt(fan_in), 1/sqrt(fan_in))}.
     */
    static Initializer torchDefaultWeight() {
        return kaimingUniform(Math.sqrt(5.0), FanMode.FAN_IN, Nonlinearity.LEAKY_RELU);
    }

    /**
     * PyTorch's default bias initialisation for a layer whose weight has fan-in {@code fanIn}: uniform
     * on {@code [-1/sqrt(fan_in), 1/sqrt(fan_in))} (zeros when {@code fanIn} is 0).
     */
    static Initializer torchDefaultBias(long fanIn) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
        return uniform(-bound, bound);
    }

    /**
     * {@code {fan_in, fan_out}} of a weight of shape {@code [out, in, k...]}; an error for tensors of rank
     * below 2, whose fans are undefined (as in PyTorch).
     */
    static long[] fans(String what, Tensor t) {
        int[] s = t.shape();
        if (s.length < 2) {
            throw new IllegalArgumentException(what + ": fan in and fan out need a tensor of rank >= 2, got shape "
                    + Arrays.toString(s));
        }
        long receptive = 1;
        for (int i = 2; i < s.length; i++) {
            receptive *= s[i];
        }
        return new long[] {s[1] * receptive, s[0] * receptive};
    }

    private static long fan(String what, Tensor t, FanMode mode) {
        long[] f = fans(what, t);
        long fan = mode == FanMode.FAN_IN ? f[0] : f[1];
        if (fan == 0) {
            throw new IllegalArgumentException(what + ": " + mode + " of shape " + Arrays.toString(t.shape()) + " is 0");
        }
        return fan;
    }

    private static void requireNonNegative(String what, String name, double v) {
        if (!(v >= 0.0)) {
            throw new IllegalArgumentException(what + ": " + name + " must be >= 0, got " + v);
        }
    }
}
