package dev.gradus.data;

import dev.gradus.optim.spec.Configured;
import dev.gradus.optim.spec.Descriptor;
import dev.gradus.optim.spec.Hyperparams;
import dev.gradus.optim.spec.Param;
import dev.gradus.optim.spec.Range;
import dev.gradus.tensor.RandomStream;
import java.util.Arrays;

/**
 * {@code poisson(rate=0.01, batches=0)}: each example joins each batch independently with probability
 * {@code rate}, so a batch holds about {@code rate · n} examples, a varying number, and may be empty. This is the
 * sampling that the privacy accounting of DP-SGD assumes (Abadi et al., 2016; Mironov, Talwar &amp; Zhang, 2019);
 * Opacus's {@code DPDataLoader} does the same. An epoch has {@code batches} batches, or {@code round(1/rate)}
 * when 0, so that it sees about n examples in all.
 *
 * <p>Batch {@code b} of epoch {@code e} is drawn from {@code stream.fork("epoch e").fork("batch b")} by skipping
 * ahead geometrically: the gap to the next member is {@code floor(log(1 − u) / log(1 − rate))} for a uniform
 * {@code u}, which gives exactly the independent Bernoulli({@code rate}) membership in {@code O(rate · n)} draws
 * instead of n. {@link StrictMath} keeps the draws identical on every platform.
 */
public final class PoissonSampler extends Configured<PoissonSampler> implements SamplerSpec {

    /** Spec: {@code poisson(rate, batches=0)}. */
    public static final Descriptor<PoissonSampler> SPEC = Descriptor.component("poisson", "sampler", PoissonSampler::new)
            .summary("each example joins a batch independently with probability rate (sizes vary, may be 0)")
            .reference("Abadi et al., CCS 2016; opacus.data_loader.DPDataLoader")
            .param(Param.number("rate", null, "probability q that an example is in a batch")
                    .range(Range.openClosed(0, 1)))
            .param(Param.integer("batches", 0L, "batches per epoch; 0 means round(1/rate)").range(Range.atLeast(0)))
            .build();

    /** From validated settings; parse {@code poisson(...)} with {@link SamplerSpec#SAMPLERS}. */
    public PoissonSampler(Hyperparams hp) {
        super(hp);
    }

    /** {@code poisson(rate)}. */
    public static PoissonSampler of(double rate) {
        return (PoissonSampler) SPEC.defaults().with("rate", rate).create();
    }

    /** The sampling rate q. */
    public double rate() {
        return hp.number("rate");
    }

    @Override
    public Sampler bind(int size, RandomStream stream) {
        double q = rate();
        long b = hp.integer("batches");
        int batches = b > 0 ? Math.toIntExact(b) : (int) Math.max(1, Math.round(1 / q));
        long[] state = stream.state();
        String spec = toString();
        return new Sampler() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public int batchesPerEpoch() {
                return batches;
            }

            @Override
            public int[] batch(int epoch, int index) {
                if (epoch < 0 || index < 0 || index >= batches) {
                    throw new DataException("poisson sampler: batch " + index + " of epoch " + epoch
                            + " is out of range; an epoch has " + batches + " batches");
                }
                return draw(RandomStream.fromState(state).fork("epoch " + epoch).fork("batch " + index), size, q);
            }

            @Override
            public String describe() {
                return spec + " stream=" + Arrays.toString(state);
            }
        };
    }

    /** The members of one batch: each of {@code 0..n-1} independently with probability {@code q}, ascending. */
    static int[] draw(RandomStream r, int n, double q) {
        if (q >= 1) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        double logKeep = StrictMath.log1p(-q);
        int[] out = new int[Math.max(4, (int) Math.min(n, 2 * q * n + 16))];
        int count = 0;
        long j = -1;
        while (true) {
            double u = r.uniform(); // in [0, 1), so 1 - u is in (0, 1]
            j += 1 + (long) Math.floor(StrictMath.log(1 - u) / logKeep);
            if (j >= n) {
                break;
            }
            if (count == out.length) {
                out = Arrays.copyOf(out, Math.min(n, 2 * out.length));
            }
            out[count++] = (int) j;
        }
        return Arrays.copyOf(out, count);
    }
}
