package dev.gradus.zeroth.ga;

import dev.gradus.tensor.StateLeaf;
import dev.gradus.tensor.io.Safetensors;
import java.util.Arrays;

/**
 * The genomes of a Deep GA population as a state leaf: one chain of seeds per individual, of any length. Saved as one
 * {@code I64} vector {@code [N, len_1 .. len_N, seeds of 1, ..., seeds of N]}; a decode refuses another N.
 */
public final class SeedChains implements StateLeaf {
    private final long[][] chains;

    /** {@code n} empty chains. */
    public SeedChains(int n) {
        this.chains = new long[n][0];
    }

    private SeedChains(long[][] chains) {
        this.chains = chains;
    }

    /** The number of individuals. */
    public int size() {
        return chains.length;
    }

    /** The chain of individual {@code i} (a copy). */
    public long[] get(int i) {
        return chains[i].clone();
    }

    /** The length of chain {@code i}. */
    public int length(int i) {
        return chains[i].length;
    }

    /** Sets the chain of individual {@code i} to a copy of {@code seeds}. */
    public void set(int i, long[] seeds) {
        chains[i] = seeds.clone();
    }

    @Override
    public SeedChains copy() {
        long[][] c = new long[chains.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = chains[i].clone();
        }
        return new SeedChains(c);
    }

    @Override
    public void restore(StateLeaf source) {
        if (!(source instanceof SeedChains s) || s.chains.length != chains.length) {
            throw new IllegalArgumentException("restore: expected seed chains for " + chains.length
                    + " individuals, got " + source);
        }
        for (int i = 0; i < chains.length; i++) {
            chains[i] = s.chains[i].clone();
        }
    }

    @Override
    public Safetensors.Entry encode(String name) {
        int total = 1 + chains.length;
        for (long[] c : chains) {
            total += c.length;
        }
        long[] flat = new long[total];
        flat[0] = chains.length;
        int o = 1 + chains.length;
        for (int i = 0; i < chains.length; i++) {
            flat[1 + i] = chains[i].length;
            System.arraycopy(chains[i], 0, flat, o, chains[i].length);
            o += chains[i].length;
        }
        return Safetensors.i64(name, flat, total);
    }

    @Override
    public SeedChains decode(Safetensors.Entry entry) {
        if (entry.dtype() != Safetensors.DType.I64 || entry.shape().length != 1) {
            throw StateLeaf.mismatch("I64[1 + N + seeds] seed chains", entry);
        }
        long[] flat = entry.toLongs();
        if (flat.length < 1 + chains.length || flat[0] != chains.length) {
            throw new IllegalArgumentException("expected seed chains for " + chains.length + " individuals, got "
                    + (flat.length == 0 ? "an empty entry" : flat[0] + " individuals"));
        }
        long[][] c = new long[chains.length][];
        int o = 1 + chains.length;
        for (int i = 0; i < c.length; i++) {
            long len = flat[1 + i];
            if (len < 0 || o + len > flat.length) {
                throw new IllegalArgumentException("expected seed chains: chain " + i + " has length " + len
                        + " beyond the stored " + flat.length + " values");
            }
            c[i] = Arrays.copyOfRange(flat, o, o + (int) len);
            o += (int) len;
        }
        if (o != flat.length) {
            throw new IllegalArgumentException("expected seed chains: " + (flat.length - o) + " values left over");
        }
        return new SeedChains(c);
    }

    @Override
    public String toString() {
        int max = 0;
        for (long[] c : chains) {
            max = Math.max(max, c.length);
        }
        return "SeedChains[" + chains.length + " individuals, longest " + max + "]";
    }
}
