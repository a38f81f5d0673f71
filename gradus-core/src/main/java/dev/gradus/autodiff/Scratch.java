package dev.gradus.autodiff;

import dev.gradus.tensor.Tensor;
import java.util.Arrays;

/**
 * Arrays for the temporaries of first-order backward passes, reused from one pass to the next on the same
 * thread, so that a training loop's backward pass, whose shapes repeat every step, stops allocating them.
 *
 * <p>Why it is safe: a first-order pass ({@link Autodiff#grad}, {@link Autodiff#backward}) never lets a
 * tensor that a fast rule returned outlive it. Such a tensor is read by the next rules, added into a tensor
 * the pass allocated itself, or copied into a leaf's gradient or a returned result (the pass copies every
 * result it did not allocate). So every array handed out during a pass is free again when the pass ends,
 * and the pass gives them all back then ({@link #release}). Passes nest (a rule may run a pass of its own):
 * the arrays are handed out and given back last-in first-out, so an inner pass never reuses an outer pass's
 * arrays. Outside a pass, {@link #tensor} allocates as usual.
 *
 * <p>A rule may also return a new tensor that nothing else refers to ({@link #exclusive}), such as the
 * gradient of a weight: the pass then hands it to the caller as it is, where it would otherwise copy it.
 *
 * <p>Bits do not change: the arrays come back with old values, and only kernels that overwrite every element
 * of their output (a product with beta = 0, an elementwise map) take one. At most {@value #MAX_FREE_DOUBLES}
 * doubles are kept per thread; beyond that, arrays are left to the garbage collector.
 */
final class Scratch {
    /**
     * The largest number of doubles kept free per thread: 4 M doubles, 32 MB, far more than the backward
     * temporaries of an MNIST-sized MLP (about 1.5 MB at batch 128), little enough for many worker threads.
     */
    static final long MAX_FREE_DOUBLES = 1L << 22;

    private static final ThreadLocal<Scratch> CURRENT = ThreadLocal.withInitial(Scratch::new);

    private double[][] free = new double[16][];
    private int freeCount;
    private long freeDoubles;
    private double[][] taken = new double[16][];
    private int takenCount;
    /** How many passes are running on this thread; arrays are handed out only inside one. */
    private int depth;
    /** Tensors a rule made for one input and shares with nothing else, with the depth of the pass they belong to. */
    private Tensor[] exclusive = new Tensor[8];
    private int[] exclusiveDepth = new int[8];
    private int exclusiveCount;

    private Scratch() {}

    /** Starts a pass on this thread; the returned mark goes to {@link #release}. */
    static int open() {
        Scratch s = CURRENT.get();
        s.depth++;
        return s.takenCount;
    }

    /** Ends the pass that {@link #open} returned {@code mark} for: every array taken since is free again. */
    static void release(int mark) {
        Scratch s = CURRENT.get();
        for (int i = s.takenCount - 1; i >= mark; i--) {
            double[] a = s.taken[i];
            s.taken[i] = null;
            if (s.freeDoubles + a.length <= MAX_FREE_DOUBLES) {
                if (s.freeCount == s.free.length) {
                    s.free = Arrays.copyOf(s.free, 2 * s.freeCount);
                }
                s.free[s.freeCount++] = a;
                s.freeDoubles += a.length;
            }
        }
        s.takenCount = mark;
        while (s.exclusiveCount > 0 && s.exclusiveDepth[s.exclusiveCount - 1] == s.depth) {
            s.exclusive[--s.exclusiveCount] = null;
        }
        s.depth--;
    }

    /**
     * A new tensor (never reused) that a rule returns for one input and keeps no reference to: the pass may
     * hand it to the caller as the gradient without copying it. Outside a pass, just a new tensor.
     */
    static Tensor exclusive(int... shape) {
        Tensor t = Tensor.zeros(shape);
        Scratch s = CURRENT.get();
        if (s.depth > 0) {
            if (s.exclusiveCount == s.exclusive.length) {
                s.exclusive = Arrays.copyOf(s.exclusive, 2 * s.exclusiveCount);
                s.exclusiveDepth = Arrays.copyOf(s.exclusiveDepth, 2 * s.exclusiveCount);
            }
            s.exclusive[s.exclusiveCount] = t;
            s.exclusiveDepth[s.exclusiveCount++] = s.depth;
        }
        return t;
    }

    /**
     * True, once, when {@code t} was made by {@link #exclusive} in the running pass: the caller takes it over
     * (later calls answer false, so one tensor is never handed to two owners).
     */
    static boolean takeExclusive(Tensor t) {
        Scratch s = CURRENT.get();
        for (int i = s.exclusiveCount - 1; i >= 0 && s.exclusiveDepth[i] == s.depth; i--) {
            if (s.exclusive[i] == t) {
                s.exclusive[i] = s.exclusive[s.exclusiveCount - 1];
                s.exclusiveDepth[i] = s.exclusiveDepth[s.exclusiveCount - 1];
                s.exclusive[--s.exclusiveCount] = null;
                return true;
            }
        }
        return false;
    }

    /**
     * A tensor of {@code shape} whose every element the caller will overwrite: a reused array inside a pass,
     * a new one outside.
     */
    static Tensor tensor(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        Scratch s = CURRENT.get();
        if (s.depth == 0) {
            return Tensor.of(new double[n], shape);
        }
        double[] a = null;
        for (int i = s.freeCount - 1; i >= 0; i--) {
            if (s.free[i].length == n) {
                a = s.free[i];
                s.free[i] = s.free[--s.freeCount];
                s.free[s.freeCount] = null;
                s.freeDoubles -= n;
                break;
            }
        }
        if (a == null) {
            a = new double[n];
        }
        if (s.takenCount == s.taken.length) {
            s.taken = Arrays.copyOf(s.taken, 2 * s.takenCount);
        }
        s.taken[s.takenCount++] = a;
        return Tensor.of(a, shape);
    }
}
